using System.Collections.Concurrent;
using System.Globalization;
using DocExchange.Server.Hosting;
using Grpc.Core;
using DocExchange.Server.Configuration;
using DocExchange.Server.Identity;
using Microsoft.Extensions.Options;

namespace DocExchange.Server.Security;

/// <summary>
/// Per-caller limits, checked before authorisation (<see cref="CallPipeline"/>; so that a flood of refused calls cannot
/// flood the audit trail): calls started per second (a token bucket) and calls open at once. The caller is its agency
/// or role, or its IP address when it has no identity or its certificate was refused. Refusals are RESOURCE_EXHAUSTED,
/// naming the limit and its setting.
/// </summary>
public sealed class AbuseLimits(IOptions<DocExchangeOptions> options, TimeProvider time)
{
    private const int SweepAbove = 10_000;
    private const int SweepCheckInterval = 1024;

    private readonly ConcurrentDictionary<string, CallerBudget> _budgets = new(StringComparer.Ordinal);
    private int _exits;

    /// <summary>
    /// Admits the call within its caller's budget, or throws <see cref="RpcException"/> RESOURCE_EXHAUSTED. The call
    /// stays open in the budget until the admission is disposed.
    /// </summary>
    public Admission Admit(ServerCallContext context)
    {
        var limits = options.Value.Abuse;
        var now = time.GetUtcNow();
        var key = KeyOf(context);
        while (true)
        {
            var budget = _budgets.GetOrAdd(key, static (_, state) => new CallerBudget(state.CallBurst, state.CallsPerSecond, state.Now),
                (limits.CallBurst, limits.CallsPerSecond, Now: now));
            switch (budget.TryAdmit(now, limits.MaxConcurrentCallsPerCaller, out var retryAfter))
            {
                case CallerBudget.Verdict.Admitted:
                    return new Admission(this, budget);
                case CallerBudget.Verdict.RateLimited:
                    throw new RpcException(new Status(StatusCode.ResourceExhausted, string.Create(CultureInfo.InvariantCulture,
                        $"Rate limit: {key} may start {limits.CallsPerSecond:0.##} calls per second (bursts of {limits.CallBurst}; DocExchange:Abuse:CallsPerSecond and CallBurst). Retry in {Math.Ceiling(retryAfter.TotalMilliseconds):0} ms.")));
                case CallerBudget.Verdict.ConcurrencyLimited:
                    throw new RpcException(new Status(StatusCode.ResourceExhausted, string.Create(CultureInfo.InvariantCulture,
                        $"Concurrent call limit: {key} already has {limits.MaxConcurrentCallsPerCaller} calls open (DocExchange:Abuse:MaxConcurrentCallsPerCaller). Close a stream or wait for a call to end.")));
                default:
                    // Swept while idle since it was looked up: the caller starts again in a fresh budget, as after any sweep.
                    _budgets.TryRemove(KeyValuePair.Create(key, budget));
                    break;
            }
        }
    }

    private void Exit(CallerBudget budget)
    {
        budget.Exit();
        // The dictionary's Count takes every one of its locks: looked at once in a while, not on every call.
        if ((Interlocked.Increment(ref _exits) & (SweepCheckInterval - 1)) == 0 && _budgets.Count > SweepAbove)
        {
            Sweep(time.GetUtcNow());
        }
    }

    private static string KeyOf(ServerCallContext context)
    {
        var caller = context.Caller();
        if (context.CallerRefusal() is not null)
        {
            // A refused certificate proves nothing: it must not spend the budget of the identity it claims.
            return $"refused caller {context.GetHttpContext().Connection.RemoteIpAddress}";
        }

        return caller.Role == CallerRole.Anonymous
            ? $"anonymous caller {context.GetHttpContext().Connection.RemoteIpAddress}"
            // "agency <code>", "operator", "auditor": made once per identity.
            : caller.Name;
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, budget) in _budgets)
        {
            if (budget.TryForget(now))
            {
                _budgets.TryRemove(KeyValuePair.Create(key, budget));
            }
        }
    }

    /// <summary>An admitted call, open in its caller's budget until disposed.</summary>
    public readonly struct Admission : IDisposable
    {
        private readonly AbuseLimits _limits;
        private readonly CallerBudget _budget;

        internal Admission(AbuseLimits limits, CallerBudget budget)
        {
            _limits = limits;
            _budget = budget;
        }

        public void Dispose() => _limits.Exit(_budget);
    }
}
