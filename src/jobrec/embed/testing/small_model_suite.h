// A GoogleTest fixture whose suite trains one small model (TrainSmallModel, about a second)
// before its first test and frees it after its last, so that the suite's tests share it.
// Header-only, for test binaries (they link GoogleTest).
#pragma once

#include <memory>

#include <gtest/gtest.h>

#include "jobrec/embed/fasttext_model.h"
#include "jobrec/embed/testing/scratch_dir.h"
#include "jobrec/embed/testing/small_model.h"

namespace jobrec::embed::testing {

class SmallModelSuite : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    scratch_ = std::make_unique<ScratchDir>("small-model");
    auto model = TrainSmallModel(scratch_->path());
    ASSERT_TRUE(model.ok()) << model.status();
    model_ = *std::move(model);
  }
  static void TearDownTestSuite() {
    model_.reset();
    scratch_.reset();
  }

  // Where the model was trained (its corpus is there); tests may write files beside it.
  inline static std::unique_ptr<ScratchDir> scratch_;
  inline static std::unique_ptr<FastTextModel> model_;
};

}  // namespace jobrec::embed::testing
