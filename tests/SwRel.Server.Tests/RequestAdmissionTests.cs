using SwRel.Domain.Workflow;
using SwRel.Pipeline;
using SwRel.Server.Requests;

namespace SwRel.Server.Tests;

public sealed class RequestAdmissionTests
{
    private static readonly ProvisioningRequest Request = new(42, RolloutProgress.Unverified, RolloutProgress.InVerification, Emergency: false);

    [Fact]
    public async Task A_request_equal_to_one_still_queued_is_not_queued_again()
    {
        var queue = new InMemoryRequestQueue();
        var admission = new RequestAdmission(queue);

        Assert.True(await admission.AdmitAsync(Request, default));
        Assert.False(await admission.AdmitAsync(Request with { }, default));

        Assert.Single(await queue.ListAsync(default));
    }

    [Fact]
    public async Task A_request_an_operator_dropped_from_another_process_is_queued_again_when_posted_again()
    {
        var queue = new InMemoryRequestQueue();
        var admission = new RequestAdmission(queue);
        await admission.AdmitAsync(Request, default);
        var first = Assert.Single(await queue.ListAsync(default));

        // What 'swrel queue drop' does: the queue loses the request without this server's processor finishing it.
        Assert.NotNull(await queue.DropAsync(first.RequestId, default));

        Assert.True(await admission.AdmitAsync(Request, default));
        var again = Assert.Single(await queue.ListAsync(default));
        Assert.NotEqual(first.RequestId, again.RequestId);
        Assert.Equal(Request, again.Request);
    }
}
