#include "jobrec/cloud/xml.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <memory>
#include <mutex>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace jobrec::cloud {
namespace {

constexpr int kMaxDepth = 64;

struct DocDeleter {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};

std::string ToString(const xmlChar* text) {
  return text == nullptr ? "" : reinterpret_cast<const char*>(text);
}

absl::Status Convert(const xmlNode* node, int depth, XmlElement* out) {
  if (depth > kMaxDepth) return absl::InvalidArgumentError("XML nested too deeply");
  out->name = ToString(node->name);
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) {
      out->text += ToString(child->content);
    } else if (child->type == XML_ELEMENT_NODE) {
      out->children.emplace_back();
      JOBREC_RETURN_IF_ERROR(Convert(child, depth + 1, &out->children.back()));
    }
  }
  return absl::OkStatus();
}

}  // namespace

const XmlElement* XmlElement::Child(const std::string& child_name) const {
  for (const XmlElement& child : children) {
    if (child.name == child_name) return &child;
  }
  return nullptr;
}

std::vector<const XmlElement*> XmlElement::Children(const std::string& child_name) const {
  std::vector<const XmlElement*> found;
  for (const XmlElement& child : children) {
    if (child.name == child_name) found.push_back(&child);
  }
  return found;
}

std::string XmlElement::ChildText(const std::string& child_name) const {
  const XmlElement* child = Child(child_name);
  return child == nullptr ? "" : child->text;
}

const XmlElement* XmlElement::Find(const std::string& element_name) const {
  for (const XmlElement& child : children) {
    if (child.name == element_name) return &child;
    if (const XmlElement* found = child.Find(element_name)) return found;
  }
  return nullptr;
}

absl::StatusOr<XmlElement> ParseXml(const std::string& document) {
  // libxml2 must be initialised once before threads use it concurrently.
  static std::once_flag init;
  std::call_once(init, [] { xmlInitParser(); });
  // NONET: never fetch a DTD; without NOENT, entities are not substituted.
  std::unique_ptr<xmlDoc, DocDeleter> doc(
      xmlReadMemory(document.data(), static_cast<int>(document.size()), "response.xml", nullptr,
                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
  if (!doc) {
    const xmlError* error = xmlGetLastError();
    std::string detail = error != nullptr && error->message != nullptr ? error->message : "";
    absl::StripTrailingAsciiWhitespace(&detail);
    return absl::InvalidArgumentError(absl::StrCat("malformed XML: ", detail));
  }
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr) return absl::InvalidArgumentError("XML document without a root element");
  XmlElement element;
  JOBREC_RETURN_IF_ERROR(Convert(root, 0, &element));
  return element;
}

std::string XmlEscape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

}  // namespace jobrec::cloud
