using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SwRel.Pipeline;
using SwRel.Pipeline.Sqlite;
using SwRel.Pipeline.Tests;
using SwRel.Testing;

namespace SwRel.Server.Tests;

/// <summary>The daemon on a free loopback port, over a SQLite queue in a temporary folder, an in-memory ticket system and recorded repository work.</summary>
internal sealed class ServerHost : IAsyncDisposable
{
    public const string Token = "test-token-0123456789abcdef";
    public const string Secret = "test-secret-0123456789abcdef";

    /// <summary>How long a test waits for the background processor: it waits on a condition, and a loaded machine is slow.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private readonly WebApplication _app;

    private ServerHost(WebApplication app, string folder, InMemoryTicketGateway gateway, FakeRepositoryActions actions, HttpClient client)
    {
        _app = app;
        Folder = folder;
        Gateway = gateway;
        Actions = actions;
        Client = client;
    }

    public string Folder { get; }

    public InMemoryTicketGateway Gateway { get; }

    public FakeRepositoryActions Actions { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="configure">Changes to the server's options.</param>
    /// <param name="queue">The queue; a SQLite queue in the temporary folder when <see langword="null"/>.</param>
    /// <param name="pollInterval">The processor's poll interval; 20 ms when <see langword="null"/>.</param>
    /// <param name="ticketTime">The clock that stamps the tickets' state changes; the system's when <see langword="null"/>.</param>
    public static async Task<ServerHost> StartAsync(
        Action<SwRelServerOptions>? configure = null, IRequestQueue? queue = null, TimeSpan? pollInterval = null, TimeProvider? ticketTime = null)
    {
        var folder = Directory.CreateTempSubdirectory("swrel-server-").FullName;
        var gateway = new InMemoryTicketGateway(ticketTime);
        var actions = new FakeRepositoryActions();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<ITicketGateway>(gateway);
        builder.Services.AddSingleton<IRepositoryActions>(actions);
        builder.Services.AddSwRelPipeline(o =>
        {
            o.RepositoryRoot = Path.Combine(folder, "repository");
            o.PollInterval = pollInterval ?? TimeSpan.FromMilliseconds(20);
        });
        if (queue is null)
        {
            builder.Services.AddSwRelSqliteRequestQueue(o => o.DatabasePath = Path.Combine(folder, "queue.db"));
        }
        else
        {
            builder.Services.AddSingleton(queue);
        }

        builder.Services.AddSwRelServer(o =>
        {
            o.ApiTokens.Add(Token);
            o.SigningSecret = Secret;
            configure?.Invoke(o);
        });
        var app = builder.Build();
        app.MapSwRelServer();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        var client = new HttpClient { BaseAddress = new Uri(address), Timeout = Patience };
        return new ServerHost(app, folder, gateway, actions, client);
    }

    /// <summary>Waits until the ticket has <paramref name="count"/> comments or <see cref="Patience"/> runs out.</summary>
    public async Task<IReadOnlyList<string>> CommentsAsync(int ticket, int count)
    {
        await UntilAsync(() => Task.FromResult(Gateway.Comments(ticket).Count >= count));
        return Gateway.Comments(ticket);
    }

    /// <summary>Waits until <paramref name="condition"/> holds or <see cref="Patience"/> runs out; the caller asserts what it needs.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
    }

    /// <summary>Waits until the queue is empty, that is every accepted request is finished and nothing more will run.</summary>
    public Task QueueEmptyAsync() =>
        UntilAsync(async () => (await Services.GetRequiredService<IRequestQueue>().ListAsync(default)).Count == 0);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
