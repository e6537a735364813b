// A small read-only XML tree for AWS responses, built with libxml2 (this module's only libxml2
// user). Element names are local names: namespaces are dropped, since AWS stamps every
// response with a versioned namespace that says nothing the caller needs.
//
// Thread-safety: ParseXml may be called from any thread; an XmlElement is a plain value.
#pragma once

#include <string>
#include <vector>

#include "jobrec/common/status.h"

namespace jobrec::cloud {

struct XmlElement {
  std::string name;  // local name
  std::string text;  // the element's own text and CDATA, not its descendants'
  std::vector<XmlElement> children;

  // The first child called `child_name`, or nullptr.
  const XmlElement* Child(const std::string& child_name) const;
  // Every child called `child_name`, in document order.
  std::vector<const XmlElement*> Children(const std::string& child_name) const;
  // The text of the first child called `child_name`, or "" when there is none.
  std::string ChildText(const std::string& child_name) const;
  // The first element called `element_name` anywhere below (depth first), or nullptr.
  const XmlElement* Find(const std::string& element_name) const;
};

// Parses a document into its root element. No network access and no entity expansion.
// InvalidArgument for malformed XML or nesting deeper than 64 levels.
absl::StatusOr<XmlElement> ParseXml(const std::string& document);

// Escapes & < > " ' for element text and attribute values.
std::string XmlEscape(const std::string& text);

}  // namespace jobrec::cloud
