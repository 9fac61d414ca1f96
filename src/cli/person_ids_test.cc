#include "cli/person_ids.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

namespace sijil::cli {
namespace {

using store::PersonMember;
using store::RecordRef;

RecordRef A(int n) { return {"a", std::to_string(n)}; }

TEST(AssignPersonIdsTest, UnchangedPersonsKeepTheirIds) {
  const std::vector<PersonMember> previous = {{A(1), "P-old1"}, {A(2), "P-old1"}, {A(3), "P-old2"}};
  const std::vector<std::string> ids = AssignPersonIds(previous, {}, {{A(3)}, {A(2), A(1)}});
  EXPECT_THAT(ids, ::testing::ElementsAre("P-old2", "P-old1"));
}

TEST(AssignPersonIdsTest, AGrownPersonKeepsItsIdAndNewPersonsGetFreshOnes) {
  const std::vector<PersonMember> previous = {{A(1), "P-old1"}};
  const std::vector<std::string> ids = AssignPersonIds(previous, {}, {{A(1), A(2)}, {A(5)}});
  EXPECT_EQ(ids[0], "P-old1");
  EXPECT_THAT(ids[1], ::testing::MatchesRegex("P-[0-9a-f]{16}"));
  // Fresh ids depend only on the cluster's smallest record.
  EXPECT_EQ(AssignPersonIds({}, {}, {{A(5)}})[0], ids[1]);
  EXPECT_EQ(AssignPersonIds({}, {}, {{A(6), A(5)}})[0], ids[1]);
}

TEST(AssignPersonIdsTest, ASplitGivesTheOldIdToTheLargerPart) {
  const std::vector<PersonMember> previous = {{A(1), "P-x"}, {A(2), "P-x"}, {A(3), "P-x"}};
  const std::vector<std::string> ids = AssignPersonIds(previous, {}, {{A(1)}, {A(2), A(3)}});
  EXPECT_EQ(ids[1], "P-x");
  EXPECT_NE(ids[0], "P-x");
}

TEST(AssignPersonIdsTest, AMergeKeepsOneIdAndRetiresTheOther) {
  const std::vector<PersonMember> previous = {{A(1), "P-x"}, {A(2), "P-y"}, {A(3), "P-y"}};
  const std::vector<std::string> merged = AssignPersonIds(previous, {}, {{A(1), A(2), A(3)}});
  EXPECT_EQ(merged[0], "P-y");
  // A retired id is not given again, even to the record that founded it.
  const std::vector<PersonMember> after_merge = {{A(1), "P-y"}, {A(2), "P-y"}, {A(3), "P-y"}};
  const std::string founded_by_a4 = AssignPersonIds({}, {}, {{A(4)}})[0];
  const std::vector<std::string> ids =
      AssignPersonIds(after_merge, {founded_by_a4}, {{A(1), A(2), A(3)}, {A(4)}});
  EXPECT_EQ(ids[0], "P-y");
  EXPECT_EQ(ids[1], founded_by_a4 + "-2");
}

TEST(AssignPersonIdsTest, IdsAreDistinct) {
  std::vector<std::vector<RecordRef>> clusters;
  std::vector<PersonMember> previous;
  for (int i = 0; i < 2000; ++i) {
    clusters.push_back({A(i)});
    if (i % 3 == 0) previous.push_back({A(i), "P-" + std::to_string(i / 6)});
  }
  const std::vector<std::string> ids = AssignPersonIds(previous, {}, clusters);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());
}

}  // namespace
}  // namespace sijil::cli
