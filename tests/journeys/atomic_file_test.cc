// Files cujo writes appear whole or not at all, also when its threads write the same file at
// once (a baseline screenshot of a journey several others use, under --update-baselines).
#include "journeys/atomic_file.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "cdp/temp_dir.h"

namespace {

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(AtomicFile, ThreadsWritingOneFileEachLeaveAWholeOneAndNoTemporaries) {
  cdp::TempDir dir("cujo-atomic-test-");
  const std::string path = dir.path() + "/baseline.png";
  constexpr int kThreads = 8;
  // Bigger than the write buffer, so each write is several write(2) calls.
  std::vector<std::string> contents;
  for (int i = 0; i < kThreads; ++i) contents.emplace_back(300 * 1024, static_cast<char>('a' + i));
  std::vector<std::thread> writers;
  std::vector<std::string> errors(kThreads);
  for (int i = 0; i < kThreads; ++i) {
    writers.emplace_back([&, i] {
      for (int round = 0; round < 20; ++round) {
        try {
          journeys::WriteFileAtomically(path, contents[i]);
        } catch (const std::exception& e) {
          errors[i] = e.what();
        }
      }
    });
  }
  for (auto& writer : writers) writer.join();
  for (const auto& error : errors) EXPECT_EQ(error, "");
  std::string written = Read(path);
  EXPECT_NE(std::find(contents.begin(), contents.end(), written), contents.end())
      << "a mix of writes, " << written.size() << " bytes";
  int files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    ++files;
  }
  EXPECT_EQ(files, 1);
  EXPECT_EQ(std::filesystem::status(path).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
                std::filesystem::perms::group_read | std::filesystem::perms::others_read);
}

}  // namespace
