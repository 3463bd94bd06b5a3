using FsCheck;
using FsCheck.Fluent;
using SwRel.Domain.Workflow;
using SwRel.Repository.Planning;

namespace SwRel.Repository.Tests.Planning;

public sealed class RepositoryPlanJsonTests
{
    private static readonly RepositoryPlanner s_planner = new();

    // Law: parse ∘ write is the identity on plans.
    [FsCheck.Xunit.Property(MaxTest = 300)]
    public Property Json_round_trips_every_plan() =>
        Prop.ForAll(PlanGenerators.Plan.ToArbitrary(), plan => RepositoryPlanJson.Parse(RepositoryPlanJson.ToJson(plan)).Equals(plan));

    [FsCheck.Xunit.Property(MaxTest = 50)]
    public Property ParseAll_reads_an_array_of_plans() =>
        Prop.ForAll(PlanGenerators.Plan.ToArbitrary(), PlanGenerators.Plan.ToArbitrary(), (a, b) =>
        {
            var json = $"[{RepositoryPlanJson.ToJson(a)},{RepositoryPlanJson.ToJson(b)}]";
            var plans = RepositoryPlanJson.ParseAll(json);
            return plans.Length == 2 && plans[0].Equals(a) && plans[1].Equals(b);
        });

    // The format the executor (`swrel apply`) reads; changing it breaks plans already written. The promote's
    // "exclude" was added (optional, so plans written before it still read): a release's repofiles, the repodata
    // refresh-index regenerates and the release's checksum manifest stay out of the shared production folder.
    [Fact]
    public void A_production_plan_has_the_documented_json_shape()
    {
        var plan = s_planner.Plan(PlanRequests.For(RolloutProgress.StageRollout, RolloutProgress.Production));
        Assert.Equal(
            """
            {
              "from": "StageRollout",
              "to": "Production",
              "target": "sw/production/umd/4/centos7/x86_64/updates",
              "steps": [
                {
                  "kind": "promote",
                  "source": "sw/stagerollout/umd-4.infn.argus.centos7.x86_64/1/7/3",
                  "destination": "sw/production/umd/4/centos7/x86_64/updates",
                  "merge": true,
                  "content": "packages",
                  "exclude": [
                    "repofiles",
                    "repodata",
                    "checksums.meta4"
                  ]
                },
                {
                  "kind": "promote",
                  "source": "sw/stagerollout/umd-4.infn.argus.centos7.x86_64/1/7/3",
                  "destination": "sw/production/umd/4/releases/umd-4.infn.argus.centos7.x86_64/1/7/3",
                  "merge": false,
                  "content": "all-but-packages",
                  "exclude": [
                    "repodata"
                  ]
                },
                {
                  "kind": "refresh-index",
                  "path": "sw/production/umd/4/centos7/x86_64/updates"
                },
                {
                  "kind": "set-repository-url",
                  "path": "sw/production/umd/4/centos7/x86_64/updates"
                },
                {
                  "kind": "remove",
                  "path": "sw/stagerollout/umd-4.infn.argus.centos7.x86_64/1/7/3"
                }
              ]
            }
            """.ReplaceLineEndings("\n"),
            RepositoryPlanJson.ToJson(plan).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_plan_that_leaves_the_repository_has_a_null_target()
    {
        var json = RepositoryPlanJson.ToJson(new RepositoryPlan(RolloutProgress.Submitted, RolloutProgress.Rejected, null, []));
        Assert.Contains("\"target\": null", json, StringComparison.Ordinal);
        Assert.Null(RepositoryPlanJson.Parse(json).Target);
    }

    [Fact]
    public void Every_real_plan_round_trips()
    {
        foreach (var descriptor in Descriptors.All)
        {
            foreach (var (_, request) in PlanRequests.EveryTableRow(descriptor, "umd-4"))
            {
                var plan = s_planner.Plan(request);
                Assert.Equal(plan, RepositoryPlanJson.Parse(RepositoryPlanJson.ToJson(plan)));
            }
        }
    }

    private const string Valid = """{"from":"Unverified","to":"Rejected","target":null,"steps":[{"kind":"remove","path":"sw/unverified/x/1/0/0"}]}""";

    [Theory]
    [InlineData("""{"from":"Unverified","to":"Rejected","target":null,"steps":[{"kind":"delete","path":"sw/x"}]}""", "$.steps[0].kind", "unknown step kind 'delete'")]
    [InlineData("""{"from":"Unverified","to":"Rejected","target":null,"steps":[{"kind":"remove","path":"sw/../etc"}]}""", "$.steps[0].path", "'..'")]
    [InlineData("""{"from":"Unverified","to":"Rejected","target":null,"steps":[{"kind":"remove","path":"/etc"}]}""", "$.steps[0].path", "must not start")]
    [InlineData("""{"from":"Unverified","to":"Rejected","target":"/abs","steps":[]}""", "$.target", "must not start")]
    [InlineData("""{"from":"Unverified","to":"Rejected","target":null,"steps":[{"kind":"remove"}]}""", "$.steps[0]", "'path' is missing")]
    [InlineData("""{"from":"Unverified","to":"Rejected","target":null,"steps":[{"kind":"remove","path":"a","force":true}]}""", "$.steps[0].force", "unknown property 'force'")]
    [InlineData("""{"from":"Unverified","to":"Rejected","target":null,"steps":[{"kind":"promote","source":"a","destination":"b","merge":"yes"}]}""", "$.steps[0].merge", "expected a boolean")]
    [InlineData("""{"from":"Unverified","to":"Rejected","target":null,"steps":[{"kind":"verify","root":"a","manifest":"../m"}]}""", "$.steps[0].manifest", "not a relative file path")]
    [InlineData("""{"from":"Unverified","to":"Rejected","target":null,"steps":[{"path":"a"}]}""", "$.steps[0]", "'kind' is missing")]
    [InlineData("""{"from":"Verified","to":"Rejected","target":null,"steps":[]}""", "$.from", "Verified")]
    [InlineData("""{"to":"Rejected","target":null,"steps":[]}""", "$", "'from' is missing")]
    [InlineData("""{"from":"Unverified","to":"Rejected","steps":[]}""", "$", "'target' is missing")]
    [InlineData("""{"from":"Unverified","to":"Rejected","target":null,"steps":{}}""", "$.steps", "expected an array")]
    [InlineData("""{"from":"Unverified","to":"Rejected","target":null,"steps":[],"extra":1}""", "$.extra", "unknown plan property")]
    [InlineData("""{"from":"Unverified","from":"Submitted","to":"Rejected","target":null,"steps":[]}""", "$.from", "appears twice")]
    [InlineData("""[1]""", "$", "expected an object")]
    [InlineData("""{"from":""", "$.from (line 1, column 9)", "the JSON ends before it is complete.")]
    [InlineData("""{"from":"Unverified" // note""", "$.from (line 1, column 22)", "a comment; JSON has no comments.")]
    [InlineData("\uFEFF{}", "$ (line 1, column 1)", "byte order mark")]
    [InlineData("""{"from":"Unverified","to":"Rejected","target":"sw/\udc00","steps":[]}""", "$.target (line 1, column 51)", "the string holds the escape \\udc00")]
    [InlineData("""{"from":" Unverified","to":"Rejected","target":null,"steps":[]}""", "$.from", "' Unverified' is not a RolloutProgress state (white space")]
    [InlineData("""{"from":"Stage Rollout","to":"Rejected","target":null,"steps":[]}""", "$.from", "'Stage Rollout' is not a RolloutProgress state (white space")]
    [InlineData("""[]""", "$", "the array holds no plan")]
    [InlineData(" \n", "$", "the plan document is empty")]
    public void Bad_plans_are_refused_with_what_and_where(string json, string location, string reason)
    {
        var error = Assert.Throws<RepositoryPlanFormatException>(() => json == "[]" ? RepositoryPlanJson.ParseAll(json)[0] : RepositoryPlanJson.Parse(json));
        Assert.StartsWith(location, error.Location, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.False(RepositoryPlanJson.TryParse(json, out var plan, out var message));
        Assert.Null(plan);
        if (json != "[]")
        {
            Assert.Equal(error.Message, message);
        }
    }

    [Fact]
    public void Plan_bytes_that_are_not_UTF_8_are_refused_with_their_offset()
    {
        byte[] json = [.. "{\"from\":\"Unverified\",\"to\":\"Rejected\",\"target\":\"sw/"u8, 0xFE, .. "\",\"steps\":[]}"u8];

        var error = Assert.Throws<RepositoryPlanFormatException>(() => RepositoryPlanJson.ParseAll(json));

        Assert.Equal("$.target (line 1, column 51)", error.Location);
        Assert.Equal("the byte 0xFE at offset 50 is not valid UTF-8; write the text in UTF-8.", error.Reason);
    }

    [Fact]
    public void A_plan_document_over_the_limit_is_refused_before_it_is_parsed()
    {
        var json = new byte[RepositoryPlanJson.MaxDocumentBytes + 1];

        var error = Assert.Throws<RepositoryPlanFormatException>(() => RepositoryPlanJson.ParseAll(json));

        Assert.Equal("the plan document is 16,777,217 bytes; a plan document may be at most 16,777,216 bytes (16 MiB).", error.Reason);
    }

    [Theory]
    [InlineData("""["../x"]""", "$.steps[0].exclude[0]", "not a single name")]
    [InlineData("""["a/b"]""", "$.steps[0].exclude[0]", "not a single name")]
    [InlineData("""["repofiles",""]""", "$.steps[0].exclude[1]", "must not be empty")]
    [InlineData("""[".."]""", "$.steps[0].exclude[0]", "'..'")]
    [InlineData("""["."]""", "$.steps[0].exclude[0]", "'.'")]
    [InlineData("""["a\\b"]""", "$.steps[0].exclude[0]", "backslash")]
    [InlineData("""["a\u0001"]""", "$.steps[0].exclude[0]", "control character")]
    [InlineData("""["repofiles","repofiles"]""", "$.steps[0].exclude[1]", "appears twice")]
    [InlineData("""[1]""", "$.steps[0].exclude[0]", "expected a string")]
    [InlineData("""[null]""", "$.steps[0].exclude[0]", "expected a string")]
    [InlineData("\"repofiles\"", "$.steps[0].exclude", "expected an array")]
    [InlineData("null", "$.steps[0].exclude", "expected an array")]
    public void A_bad_exclude_entry_is_refused_with_its_json_path(string exclude, string location, string reason)
    {
        var json = $$"""{"from":"StageRollout","to":"Production","target":"b","steps":[{"kind":"promote","source":"a","destination":"b","merge":true,"exclude":{{exclude}}}]}""";
        var error = Assert.Throws<RepositoryPlanFormatException>(() => RepositoryPlanJson.Parse(json));
        Assert.Equal(location, error.Location);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_promote_without_exclude_reads_as_excluding_nothing_and_writes_no_exclude()
    {
        var plan = RepositoryPlanJson.Parse(
            """{"from":"StageRollout","to":"Production","target":"b","steps":[{"kind":"promote","source":"a","destination":"b","merge":true}]}""");
        var promote = Assert.IsType<PromoteStep>(Assert.Single(plan.Steps));
        Assert.Empty(promote.Exclude);
        Assert.Equal(new PromoteStep(RepositoryPath.Parse("a"), RepositoryPath.Parse("b"), Merge: true), promote);
        Assert.DoesNotContain("exclude", RepositoryPlanJson.ToJson(plan), StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_exclude_array_reads_as_excluding_nothing()
    {
        var plan = RepositoryPlanJson.Parse(
            """{"from":"StageRollout","to":"Production","target":"b","steps":[{"kind":"promote","source":"a","destination":"b","merge":true,"exclude":[]}]}""");
        Assert.Empty(Assert.IsType<PromoteStep>(Assert.Single(plan.Steps)).Exclude);
    }

    [Fact]
    public void Exclusions_take_part_in_step_equality_in_order()
    {
        var a = RepositoryPath.Parse("a");
        var b = RepositoryPath.Parse("b");
        var both = new PromoteStep(a, b, merge: true, ["repofiles", "repodata"]);
        Assert.Equal(both, new PromoteStep(a, b, merge: true, ["repofiles", "repodata"]));
        Assert.Equal(both.GetHashCode(), new PromoteStep(a, b, merge: true, ["repofiles", "repodata"]).GetHashCode());
        Assert.NotEqual(both, new PromoteStep(a, b, merge: true, ["repodata", "repofiles"]));
        Assert.NotEqual(both, new PromoteStep(a, b, Merge: true));
        Assert.Equal(new PromoteStep(a, b, Merge: true), new PromoteStep(a, b, Merge: true) { Exclude = default });
    }

    [Fact]
    public void A_promote_step_prints_its_exclusions()
    {
        var step = new PromoteStep(RepositoryPath.Parse("a"), RepositoryPath.Parse("b"), merge: true, ["repofiles", "repodata"]);
        Assert.Equal("PromoteStep { Kind = promote, Source = a, Destination = b, Merge = True, Exclude = [repofiles, repodata] }", step.ToString());
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a/b")]
    [InlineData("")]
    [InlineData("..")]
    public void A_promote_step_refuses_a_bad_exclude_entry(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => new PromoteStep(RepositoryPath.Parse("a"), RepositoryPath.Parse("b"), merge: true, ["ok", name]));
        Assert.Contains("Exclude[1]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_text_view_shows_exclusions_of_a_promote_that_does_not_merge()
    {
        var step = new PromoteStep(RepositoryPath.Parse("a"), RepositoryPath.Parse("b"), merge: false, ["repofiles"]);
        Assert.Equal("promote a -> b (excluding repofiles)", RepositoryPlanText.Describe(step));
    }

    [Fact]
    public void A_valid_plan_parses()
    {
        var plan = RepositoryPlanJson.Parse(Valid);
        Assert.Equal(new RemoveStep(RepositoryPath.Parse("sw/unverified/x/1/0/0")), Assert.Single(plan.Steps));
    }

    [Fact]
    public void The_cli_file_property_is_tolerated()
    {
        var plans = RepositoryPlanJson.ParseAll($"[{Valid.Insert(1, "\"file\":\"release.xml\",")}]");
        Assert.Equal(RolloutProgress.Rejected, Assert.Single(plans).To);
    }

    [Fact]
    public void ParseAll_names_the_array_index_of_a_bad_plan()
    {
        var error = Assert.Throws<RepositoryPlanFormatException>(() => RepositoryPlanJson.ParseAll($"[{Valid},{{\"from\":1}}]"));
        Assert.Equal("$[1].from", error.Location);
    }

    [Fact]
    public void The_text_view_lists_each_step_on_its_own_line()
    {
        var plan = s_planner.Plan(PlanRequests.For(RolloutProgress.StageRollout, RolloutProgress.Production));
        Assert.Equal(
            "StageRollout -> Production: target sw/production/umd/4/centos7/x86_64/updates\n" +
            "  1. promote sw/stagerollout/umd-4.infn.argus.centos7.x86_64/1/7/3 -> sw/production/umd/4/centos7/x86_64/updates (merge, packages only, excluding repofiles, repodata, checksums.meta4)\n" +
            "  2. promote sw/stagerollout/umd-4.infn.argus.centos7.x86_64/1/7/3 -> sw/production/umd/4/releases/umd-4.infn.argus.centos7.x86_64/1/7/3 (all but packages, excluding repodata)\n" +
            "  3. refresh-index sw/production/umd/4/centos7/x86_64/updates\n" +
            "  4. set-repository-url sw/production/umd/4/centos7/x86_64/updates\n" +
            "  5. remove sw/stagerollout/umd-4.infn.argus.centos7.x86_64/1/7/3\n",
            RepositoryPlanText.ToText(plan));
    }

    [Fact]
    public void The_text_view_says_when_there_is_nothing_to_do()
    {
        var plan = s_planner.Plan(PlanRequests.For(RolloutProgress.Submitted, RolloutProgress.Rejected));
        Assert.Equal("Submitted -> Rejected: target (none)\n  (no repository work)\n", RepositoryPlanText.ToText(plan));
    }
}
