using Microsoft.Extensions.DependencyInjection;
using SwRel.Domain.Workflow;
using SwRel.Rt.Tests.Fixtures;

namespace SwRel.Rt.Tests;

/// <summary>
/// Setting RolloutProgress is a compare-and-set against the real RT: a person's change that lands between the gateway's
/// read and its write is never overwritten.
/// </summary>
[Collection(RtCollection.Name)]
public sealed class RtCompareAndSetTests(RtFixture rt)
{
    private static readonly Dictionary<string, string> ProviderFields = new()
    {
        ["SyncProtocol"] = "rsync",
        ["SyncURL"] = "rsync://127.0.0.1/provider/umd-4.2.0",
        ["AssociatedMajorRelease"] = "umd-4",
        ["EmergencyRelease"] = "No",
    };

    [Fact]
    public async Task A_RolloutProgress_change_made_between_the_read_and_the_write_stands_and_the_set_reports_false()
    {
        var id = await RtPeople.CreateTicketAsync(rt.Client(RtFixture.Provider), ProviderFields);
        await RtPeople.SetFieldsAsync(rt.Client(RtFixture.QcMember), id, new Dictionary<string, string> { ["RolloutProgress"] = "Unverified" });
        var interleave = new InterleavingHandler(() =>
            RtPeople.SetFieldsAsync(rt.Client(RtFixture.AdminMember), id, new Dictionary<string, string> { ["RolloutProgress"] = "Rejected" }));
        await using var services = Services(interleave);
        var gateway = services.GetRequiredService<RtTicketGateway>();

        var set = await gateway.TrySetRolloutProgressAsync(id, RolloutProgress.Unverified, RolloutProgress.Failed, new FailedTransition(RolloutProgress.Submitted, RolloutProgress.Unverified, "fetch failed"), CancellationToken.None);

        Assert.Equal(1, interleave.Interleaved);
        Assert.False(set);
        Assert.Equal("Rejected", await RtPeople.FieldAsync(rt.Client(RtFixture.Daemon), id, "RolloutProgress"));
        Assert.Equal("", await RtPeople.FieldAsync(rt.Client(RtFixture.Daemon), id, "FailedTransition"));
    }

    [Fact]
    public async Task A_comment_made_between_the_read_and_the_write_makes_the_gateway_read_again_and_then_set_the_state()
    {
        var id = await RtPeople.CreateTicketAsync(rt.Client(RtFixture.Provider), ProviderFields);
        await RtPeople.SetFieldsAsync(rt.Client(RtFixture.QcMember), id, new Dictionary<string, string> { ["RolloutProgress"] = "Unverified" });
        var interleave = new InterleavingHandler(async () =>
        {
            using var response = await rt.Client(RtFixture.AdminMember).PostAsync(
                $"REST/2.0/ticket/{id}/comment", new StringContent("{\"Content\":\"looking at it\",\"ContentType\":\"text/plain\"}", System.Text.Encoding.UTF8, "application/json"));
            response.EnsureSuccessStatusCode();
            return "";
        });
        await using var services = Services(interleave);
        var gateway = services.GetRequiredService<RtTicketGateway>();

        var set = await gateway.TrySetRolloutProgressAsync(id, RolloutProgress.Unverified, RolloutProgress.InVerification, null, CancellationToken.None);

        Assert.True(set);
        Assert.Equal(1, interleave.Interleaved);
        Assert.Equal(2, interleave.ConditionalWrites);
        var ticket = await gateway.GetTicketAsync(id, CancellationToken.None);
        Assert.Equal(RolloutProgress.InVerification, ticket!.RolloutProgress);
        Assert.Single(ticket.History.Entries, e => e.State == RolloutProgress.InVerification);
    }

    private ServiceProvider Services(InterleavingHandler handler) =>
        rt.Services(more: services => services.AddHttpClient(RtRestClient.HttpClientName).AddHttpMessageHandler(() => handler));

    /// <summary>Lets another RT user change the ticket just before the gateway's first write reaches RT.</summary>
    private sealed class InterleavingHandler(Func<Task<string>> otherChange) : DelegatingHandler
    {
        public int Interleaved { get; private set; }

        public int ConditionalWrites { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Put)
            {
                ConditionalWrites += request.Headers.Contains("If-Match") ? 1 : 0;
                if (Interleaved == 0)
                {
                    await otherChange();
                    Interleaved++;
                }
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
