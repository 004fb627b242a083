// The Magick++ work: thumbnails, the outlined failure screenshot, comparisons with masks and
// fuzz, and the baselines built on them (write, pass, fail with a diff, missing, size).
#include "artifacts/screenshots.h"

#include <Magick++.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "artifacts/artifact_files.h"
#include "artifacts/baselines.h"
#include "cdp/temp_dir.h"
#include "tests/artifacts/sample_run.h"

namespace {

using artifacts::CompareScreenshots;
using artifacts::PngSize;
using cujo_test::TestPng;

// The size of any image (JPEG included), through Magick++.
artifacts::ImageSize SizeOf(const std::string& bytes) {
  Magick::InitializeMagick(nullptr);
  Magick::Image image;
  image.read(Magick::Blob(bytes.data(), bytes.size()));
  return {image.columns(), image.rows()};
}

TEST(Screenshots, ReadsThePngHeader) {
  auto size = PngSize(TestPng(640, 480, "#ffffff"));
  ASSERT_TRUE(size);
  EXPECT_EQ(size->width, 640u);
  EXPECT_EQ(size->height, 480u);
  EXPECT_FALSE(PngSize("GIF89a......................"));
}

TEST(Screenshots, ThumbnailsAreSmallAndKeepTheTop) {
  auto thumbnail = artifacts::Thumbnail(TestPng(1280, 9000, "#3366cc"), 160);
  auto size = SizeOf(thumbnail);
  EXPECT_EQ(size.width, 160u);
  EXPECT_EQ(size.height, 320u);  // a tall page is cut at twice the width
  EXPECT_LT(thumbnail.size(), 8000u);
}

// A phone's full-page capture (its pixels past the in-memory budget): the thumbnail averages
// each area of the page into its pixel, the black square top left and white elsewhere.
TEST(Screenshots, ThumbnailsOfBigCapturesAverageThePixelsInPlace) {
  auto thumbnail = artifacts::Thumbnail(TestPng(1170, 2532, "#ffffff", 585, 0, 0), 160);
  Magick::Image image;
  image.read(Magick::Blob(thumbnail.data(), thumbnail.size()));
  ASSERT_EQ(image.columns(), 160u);
  ASSERT_EQ(image.rows(), 320u);
  // Through a pixel view: pixelColor() misreads the gray palette image the JPEG decodes to.
  Magick::Pixels view(image);
  auto gray = [&](size_t x, size_t y) {  // JPEG: near, not exact
    return Magick::Color::scaleQuantumToDouble(
        view.getConst(static_cast<ssize_t>(x), static_cast<ssize_t>(y), 1, 1)->red);
  };
  EXPECT_LT(gray(20, 20), 0.1);
  EXPECT_GT(gray(140, 20), 0.9);
  EXPECT_GT(gray(20, 140), 0.9);
  EXPECT_GT(gray(140, 300), 0.9);
  // The square ends at 585 of 1170 px: half of the thumbnail, column 80.
  EXPECT_LT(gray(76, 76), 0.2);
  EXPECT_GT(gray(84, 84), 0.8);
}

TEST(Screenshots, RefusesImagesOverImageMagicksPolicyWithAClearMessage) {
  // Only the header is read before refusing: no need for a real 20000 px image.
  std::string header = TestPng(10, 10, "#ffffff");
  header[20] = 0, header[21] = 0, header[22] = 0x4e, header[23] = 0x20;  // height 20000
  try {
    artifacts::Thumbnail(header, 160);
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("10x20000 px"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("16000"), std::string::npos) << e.what();
  }
}

TEST(Screenshots, FailurePreviewOutlinesTheElementAndScalesDown) {
  std::string png = TestPng(2560, 1800, "#ffffff");
  auto preview = artifacts::FailurePreview(png, journeys::Box{100, 100, 200, 50}, 2, 960);
  Magick::Image image;
  image.read(Magick::Blob(preview.data(), preview.size()));
  EXPECT_EQ(image.columns(), 960u);
  // The box at CSS (100,100) is at device (200,200), (75,75) in the preview; its outline,
  // padded outwards, runs along y=73.
  Magick::ColorRGB edge = image.pixelColor(150, 73);
  EXPECT_GT(edge.red(), 0.7);
  EXPECT_LT(edge.green(), 0.3);
  Magick::ColorRGB inside = image.pixelColor(150, 90);
  EXPECT_GT(inside.green(), 0.9);  // the element itself is not painted over
}

TEST(Screenshots, IdenticalImagesDoNotDiffer) {
  auto comparison = CompareScreenshots(TestPng(200, 100, "#ffffff", 10, 5, 5),
                                       TestPng(200, 100, "#ffffff", 10, 5, 5), {}, 0.1);
  EXPECT_TRUE(comparison.size_mismatch.empty());
  EXPECT_EQ(comparison.differing, 0u);
  EXPECT_EQ(comparison.total, 20000u);
}

TEST(Screenshots, CountsChangedPixelsBeyondTheFuzz) {
  auto moved = CompareScreenshots(TestPng(200, 100, "#ffffff", 10, 5, 5),
                                  TestPng(200, 100, "#ffffff", 10, 105, 5), {}, 0.1);
  EXPECT_EQ(moved.differing, 200u);  // the square left one place and appeared at another
  EXPECT_FALSE(moved.diff_png.empty());
  auto tinted =
      CompareScreenshots(TestPng(200, 100, "#ffffff"), TestPng(200, 100, "#f8f8f8"), {}, 0.1);
  EXPECT_EQ(tinted.differing, 0u);  // 3% of the channel: noise, not content
}

TEST(Screenshots, MasksHideTheSameRegionOnBothImages) {
  auto masked = CompareScreenshots(TestPng(200, 100, "#ffffff", 10, 5, 5),
                                   TestPng(200, 100, "#ffffff", 10, 105, 5),
                                   {journeys::Box{0, 0, 150, 30}}, 0.1);
  EXPECT_EQ(masked.differing, 0u);
}

TEST(Screenshots, ASizeMismatchIsSaidInWords) {
  auto comparison =
      CompareScreenshots(TestPng(200, 100, "#ffffff"), TestPng(200, 120, "#ffffff"), {}, 0.1);
  EXPECT_EQ(comparison.size_mismatch, "the screenshot is 200x120 px, the baseline 200x100 px");
}

class BaselinesTest : public ::testing::Test {
 protected:
  journeys::Step Step(double tolerance = 0.01) const {
    journeys::Step step;
    step.kind = journeys::StepKind::kScreenshot;
    step.label = "screenshot card";
    step.location = {dir_.path() + "/journeys/card.yaml", 4, 5};
    step.screenshot.baseline = "card/../../evil";
    step.screenshot.tolerance = tolerance;
    return step;
  }
  artifacts::Baselines Make(bool update, const std::string& dir = "") const {
    return artifacts::Baselines({dir, update, dir_.path() + "/out"});
  }

  cdp::TempDir dir_{"cujo-baselines-test-"};
};

TEST_F(BaselinesTest, DefaultDirectoryIsNextToTheJourneyFileAndNamedSafely) {
  EXPECT_EQ(Make(false).PathFor(Step()), dir_.path() + "/journeys/baselines/card-..-..-evil.png");
  EXPECT_EQ(Make(false, "/srv/baselines").PathFor(Step()), "/srv/baselines/card-..-..-evil.png");
  EXPECT_EQ(artifacts::DiffPathsFor("screenshots/card-a1-x.png").diff, "diffs/card-a1-x.png");
  EXPECT_EQ(artifacts::DiffPathsFor("shard-1-of-3/screenshots/x.png").baseline,
            "shard-1-of-3/diffs/x-baseline.png");
}

TEST_F(BaselinesTest, UpdateWritesThenTheSamePagePassesAndAChangedOneFailsWithADiff) {
  std::string before = TestPng(300, 200, "#ffffff", 20, 10, 10);
  auto update = Make(true);
  EXPECT_FALSE(update.Compare(Step(), before, "screenshots/card-a1.png", {}));
  ASSERT_EQ(update.written(), std::vector<std::string>{update.PathFor(Step())});
  EXPECT_EQ(artifacts::ReadBinaryFile(update.PathFor(Step())), before);

  auto check = Make(false);
  EXPECT_FALSE(check.Compare(Step(), before, "screenshots/card-a1.png", {}));
  std::string after = TestPng(300, 200, "#ffffff", 20, 200, 100);
  auto failure = check.Compare(Step(), after, "screenshots/card-a2.png", {});
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->kind, "assertion");
  EXPECT_EQ(failure->failed_check, "visual");
  EXPECT_EQ(failure->message,
            "screenshot card: 1.33% of the pixels differ from baseline 'card/../../evil' "
            "(tolerance 1.00%); diff: diffs/card-a2.png");
  EXPECT_EQ(failure->actual, "1.33% (800 of 60000 px)");
  EXPECT_TRUE(std::filesystem::exists(dir_.path() + "/out/diffs/card-a2.png"));
  EXPECT_TRUE(std::filesystem::exists(dir_.path() + "/out/diffs/card-a2-baseline.png"));
  // Within a larger tolerance, or with the changes masked, it passes.
  EXPECT_FALSE(check.Compare(Step(0.02), after, "screenshots/card-a3.png", {}));
  EXPECT_FALSE(check.Compare(Step(), after, "screenshots/card-a4.png",
                             {{10, 10, 20, 20}, {200, 100, 20, 20}}));
}

// A page that differs still fails as `assertion` when its diff cannot be written (a full or
// read-only disk); the message says what was lost.
TEST_F(BaselinesTest, ADiffThatCannotBeWrittenLeavesTheFailureAnAssertion) {
  std::string before = TestPng(300, 200, "#ffffff", 20, 10, 10);
  EXPECT_FALSE(Make(true).Compare(Step(), before, "screenshots/card-a1.png", {}));
  std::filesystem::create_directories(dir_.path() + "/out");
  std::ofstream(dir_.path() + "/out/diffs") << "a file where the directory would be";
  auto failure = Make(false).Compare(Step(), TestPng(300, 200, "#ffffff", 20, 200, 100),
                                     "screenshots/card-a2.png", {});
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->kind, "assertion") << failure->message;
  EXPECT_NE(failure->message.find("differ from baseline 'card/../../evil' (tolerance 1.00%); no "
                                  "diff: cannot write "),
            std::string::npos)
      << failure->message;
}

TEST_F(BaselinesTest, WhatWasMaskedWhenTheBaselineWasTakenStaysMasked) {
  // A masked element that moved (or grew): hidden where it is now and where it was then.
  journeys::Box then{10, 10, 20, 20}, now{200, 100, 20, 20};
  Make(true).Compare(Step(0), TestPng(300, 200, "#ffffff", 20, 10, 10), "screenshots/a.png",
                     {then});
  EXPECT_TRUE(
      std::filesystem::exists(dir_.path() + "/journeys/baselines/card-..-..-evil.masks.json"));
  EXPECT_FALSE(Make(false).Compare(Step(0), TestPng(300, 200, "#ffffff", 20, 200, 100),
                                   "screenshots/b.png", {now}));
  // Updated without masks, the old boxes are forgotten.
  Make(true).Compare(Step(0), TestPng(300, 200, "#ffffff", 20, 10, 10), "screenshots/c.png", {});
  EXPECT_FALSE(
      std::filesystem::exists(dir_.path() + "/journeys/baselines/card-..-..-evil.masks.json"));
  EXPECT_TRUE(Make(false).Compare(Step(0), TestPng(300, 200, "#ffffff", 20, 200, 100),
                                  "screenshots/d.png", {now}));
}

TEST_F(BaselinesTest, MissingBaselineAndSizeChangesAreExplained) {
  auto check = Make(false);
  auto missing = check.Compare(Step(), TestPng(10, 10, "#ffffff"), "screenshots/a.png", {});
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->kind, "config");
  EXPECT_NE(missing->message.find("--update-baselines"), std::string::npos);

  Make(true).Compare(Step(), TestPng(10, 10, "#ffffff"), "screenshots/a.png", {});
  auto resized = check.Compare(Step(), TestPng(10, 12, "#ffffff"), "screenshots/b.png", {});
  ASSERT_TRUE(resized);
  EXPECT_EQ(resized->kind, "assertion");
  EXPECT_NE(resized->message.find("the screenshot is 10x12 px, the baseline 10x10 px"),
            std::string::npos);
}

}  // namespace
