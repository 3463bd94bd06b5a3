using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SwRel.Pipeline;
using SwRel.Rt.Tests.Fixtures;

namespace SwRel.Rt.Tests;

/// <summary>What the daemon's log says while RT is down: one warning line per failed attempt, no stack traces.</summary>
public sealed class RtUnreachableLoggingTests
{
    [Fact]
    public async Task Each_failed_attempt_to_reach_RT_is_one_warning_naming_RTs_address_and_the_error_without_a_stack_trace()
    {
        // Nothing listens on the port, and nothing can start to while the test holds it: RT is down.
        using var port = LoopbackPort.Reserve();
        var url = new Uri($"http://127.0.0.1:{port.Port}/");
        var logged = new ConcurrentQueue<(string Category, LogLevel Level, string Message, Exception? Exception)>();
        var services = new ServiceCollection();
        // The daemon's default level: what an operator sees.
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(new CapturingLoggerProvider(logged)));
        services.AddSwRelRt(o =>
        {
            o.Url = url;
            o.Token = "t";
            o.Timeout = TimeSpan.FromSeconds(20);
        });
        await using var provider = services.BuildServiceProvider();

        await Assert.ThrowsAsync<RtException>(async () => await provider.GetRequiredService<ITicketGateway>().GetTicketAsync(7, CancellationToken.None));

        var entries = logged.ToArray();
        Assert.All(entries, e => Assert.True(e.Exception is null && !e.Message.Contains("   at ", StringComparison.Ordinal), $"{e.Category} logged at {e.Level}: {e.Message} {e.Exception}"));
        var warnings = entries.Where(e => e.Level >= LogLevel.Warning).ToArray();

        // The first attempt and the resilience handler's three retries.
        Assert.Equal(4, warnings.Length);
        Assert.All(warnings, w =>
        {
            Assert.Equal(LogLevel.Warning, w.Level);
            Assert.Contains(url.AbsoluteUri, w.Message, StringComparison.Ordinal);
            Assert.Contains("GET /REST/2.0/ticket/7", w.Message, StringComparison.Ordinal);
            Assert.Contains("Connection refused", w.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', w.Message);
        });
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<(string, LogLevel, string, Exception?)> logged) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, logged);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<(string, LogLevel, string, Exception?)> logged) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel is >= LogLevel.Information and not LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logged.Enqueue((category, logLevel, formatter(state, exception), exception));
    }
}
