using System.Collections.Specialized;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Web;
using SwRel.Rt.Tests.Fixtures;

namespace SwRel.Cli.Tests;

public sealed class TicketCommandTests : IDisposable
{
    private readonly DataFolderFixture _data = new();

    public void Dispose() => _data.Dispose();

    private void CreateTicket()
    {
        var created = _data.Run(
            "ticket", "create", "--field", "AssociatedMajorRelease=umd-4", "--field", "SyncProtocol=https",
            "--field", "SyncURL=https://provider.example/argus/", "--submitted-by", "alice");
        Assert.Equal(ExitCodes.Ok, created.ExitCode);
        Assert.Equal("created ticket #1", created.Output.Trim());
    }

    [Fact]
    public void A_created_ticket_shows_its_fields_history_attachments_and_comments()
    {
        var release = _data.Write("in/release.xml", "<release/>");
        var created = _data.Run("ticket", "create", "--field", "AssociatedMajorRelease=umd-4", "--attach", release, "--submitted-by", "alice");
        Assert.Equal(ExitCodes.Ok, created.ExitCode);
        Assert.Equal(ExitCodes.Ok, _data.Run("ticket", "comment", "1", "looks fine", "--as", "bob").ExitCode);

        var shown = _data.Run("ticket", "show", "1");
        var json = JsonDocument.Parse(_data.Run("ticket", "show", "1", "--format", "json").Output).RootElement;

        Assert.Equal(ExitCodes.Ok, shown.ExitCode);
        Assert.StartsWith("ticket #1: Submitted since ", shown.Output, StringComparison.Ordinal);
        Assert.Contains("  AssociatedMajorRelease: umd-4", shown.Output, StringComparison.Ordinal);
        Assert.Contains("  ReleaseMetadata: release.xml", shown.Output, StringComparison.Ordinal);
        Assert.Contains("Submitted  by alice", shown.Output, StringComparison.Ordinal);
        Assert.Contains("attachments: release.xml", shown.Output, StringComparison.Ordinal);
        Assert.Contains("bob: looks fine", shown.Output, StringComparison.Ordinal);
        Assert.Equal("Submitted", json.GetProperty("rolloutProgress").GetString());
        Assert.Equal("umd-4", json.GetProperty("fields").GetProperty("AssociatedMajorRelease").GetString());
        Assert.Equal("alice", json.GetProperty("history")[0].GetProperty("actor").GetString());
        Assert.Equal("looks fine", json.GetProperty("comments")[0].GetProperty("text").GetString());
    }

    // SPEC §3: a write by the wrong actor names the field, the actor and who may write it.
    [Fact]
    public void A_write_the_rules_refuse_exits_1_naming_the_field_the_actor_and_the_writer()
    {
        CreateTicket();

        var refused = _data.Run("ticket", "set", "1", "SyncURL=https://elsewhere.example/", "--as", "VerificationTeam");
        var unknownActor = _data.Run("ticket", "set", "1", "Owner=carol", "--as", "Janitor");

        Assert.Equal(ExitCodes.Invalid, refused.ExitCode);
        Assert.Equal("swrel ticket set: VerificationTeam may not write SyncURL; it is written by SoftwareProvider.", refused.Error.Trim());
        Assert.Equal(ExitCodes.Usage, unknownActor.ExitCode);
        Assert.Contains("--as must be one of", unknownActor.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ticket_that_does_not_exist_or_a_missing_store_is_named()
    {
        var noStore = _data.Run("ticket", "show", "1");
        CreateTicket();
        var noTicket = _data.Run("ticket", "show", "7");

        Assert.Equal(ExitCodes.Usage, noStore.ExitCode);
        Assert.Contains("there is no ticket store at", noStore.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Invalid, noTicket.ExitCode);
        Assert.Contains("there is no ticket #7", noTicket.Error, StringComparison.Ordinal);
    }

    // SPEC §6 and §3: the change is posted form-encoded as RT's scrip does, and the answer becomes CommunicationStatus.
    [Fact]
    public async Task A_RolloutProgress_change_is_posted_to_the_daemon_with_the_token_and_its_answer_stored()
    {
        CreateTicket();
        var token = _data.Write("token", "s3cret\n");
        using var daemon = new RecordingDaemon(HttpStatusCode.Accepted, "OK");

        var run = await Task.Run(() => _data.Run(
            "ticket", "set", "1", "RolloutProgress=Unverified", "--as", "VerificationTeam", "--name", "bob",
            "--server", daemon.Url, "--api-token-file", token));

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("CommunicationStatus: OK", run.Output, StringComparison.Ordinal);
        var request = Assert.Single(daemon.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/requests", request.Path);
        Assert.Equal("Bearer s3cret", request.Authorization);
        Assert.StartsWith("application/x-www-form-urlencoded", request.ContentType, StringComparison.Ordinal);
        Assert.Equal("1", request.Form["Ticket_Id"]);
        Assert.Equal("Submitted", request.Form["Previous_Rollout_Progress"]);
        Assert.Equal("Unverified", request.Form["Current_Rollout_Progress"]);
        Assert.Equal("No", request.Form["Emergency_Release"]);
        var shown = JsonDocument.Parse(_data.Run("ticket", "show", "1", "--format", "json").Output).RootElement;
        Assert.Equal("OK", shown.GetProperty("fields").GetProperty("CommunicationStatus").GetString());
        Assert.Equal("sw-rel-qc", shown.GetProperty("fields").GetProperty("CcGroups").GetString());
        Assert.Equal("bob", shown.GetProperty("history")[1].GetProperty("actor").GetString());
    }

    [Fact]
    public async Task A_refusing_daemons_messages_become_CommunicationStatus_and_the_exit_code_is_1()
    {
        CreateTicket();
        var token = _data.Write("token", "s3cret");
        using var daemon = new RecordingDaemon(HttpStatusCode.BadRequest, "Ticket_Id 1: the transition is not in the table.");
        _data.Write("appsettings.json", $"{{ \"Urls\": \"{daemon.Url.Replace("127.0.0.1", "*", StringComparison.Ordinal)}\" }}");

        var run = await Task.Run(() => _data.Run("ticket", "set", "1", "RolloutProgress=Unverified", "--as", "Admin", "--api-token-file", token));

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Single(daemon.Requests);
        var shown = JsonDocument.Parse(_data.Run("ticket", "show", "1", "--format", "json").Output).RootElement;
        Assert.Equal("Ticket_Id 1: the transition is not in the table.", shown.GetProperty("fields").GetProperty("CommunicationStatus").GetString());
        Assert.Equal("Unverified", shown.GetProperty("rolloutProgress").GetString());
    }

    [Fact]
    public void A_change_that_cannot_be_posted_is_kept_and_says_why_in_CommunicationStatus()
    {
        CreateTicket();

        var run = _data.Run("ticket", "set", "1", "RolloutProgress=Unverified", "--as", "VerificationTeam");

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Contains("CommunicationStatus: Not sent: no daemon URL", run.Output, StringComparison.Ordinal);
    }

    /// <summary>A stand-in for the daemon on a loopback port: records each request and gives one fixed answer.</summary>
    private sealed class RecordingDaemon : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly LoopbackPort _port = LoopbackPort.Reserve();
        private readonly Task _serving;

        public RecordingDaemon(HttpStatusCode status, string body)
        {
            Url = $"http://127.0.0.1:{_port.Port}/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _serving = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await _listener.GetContextAsync();
                    }
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                    {
                        return;
                    }

                    using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                    var text = await reader.ReadToEndAsync();
                    Requests.Add(new Recorded(
                        context.Request.HttpMethod,
                        context.Request.Url!.AbsolutePath,
                        context.Request.Headers["Authorization"],
                        context.Request.ContentType,
                        HttpUtility.ParseQueryString(text)));
                    context.Response.StatusCode = (int)status;
                    var bytes = Encoding.UTF8.GetBytes(body);
                    await context.Response.OutputStream.WriteAsync(bytes);
                    context.Response.Close();
                }
            });
        }

        public string Url { get; }

        public System.Collections.Concurrent.ConcurrentBag<Recorded> Requests { get; } = [];

        public void Dispose()
        {
            _listener.Close();
            _serving.Wait(TimeSpan.FromSeconds(5));
            _port.Dispose();
        }
    }

    private sealed record Recorded(string Method, string Path, string? Authorization, string? ContentType, NameValueCollection Form);
}
