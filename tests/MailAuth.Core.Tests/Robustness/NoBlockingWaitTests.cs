using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using MailAuth.Dmarc;
using MailAuth.Dns;
using Xunit;

namespace MailAuth.Tests.Robustness;

/// <summary>
/// Thread-pool starvation (issue 8 item 9): a blocking wait on the async path holds a pool thread while the time
/// budget's own timer callback waits for one, so the budget stops holding under load. This scans the IL of every
/// method of MailAuth.Core for calls that block (Task.Wait, Task.Result, GetAwaiter().GetResult() outside an async
/// state machine, Task.Run wrappers, Thread.Sleep, synchronous DNS, blocking semaphores).
/// </summary>
public sealed class NoBlockingWaitTests
{
    // Reviewed exceptions, each non-blocking: the value is read only after IsCompletedSuccessfully was checked.
    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal)
    {
        "MailAuth.Spf.SpfCheck.AwaitAsync -> ValueTask`1.get_Result",

        // gethostname(2): a local system call, no DNS query; read once for the default authserv-id (issue 16).
        "MailAuth.MessageAuthenticatorOptions.ReadHostName -> Dns.GetHostName",
    };

    private static readonly OpCode[] OneByte = new OpCode[256];
    private static readonly OpCode[] TwoByte = new OpCode[256];

    static NoBlockingWaitTests()
    {
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var op = (OpCode)field.GetValue(null)!;
            ushort value = unchecked((ushort)op.Value);
            if (op.Size == 1)
            {
                OneByte[value] = op;
            }
            else
            {
                TwoByte[value & 0xff] = op;
            }
        }
    }

    [Fact]
    public void MailAuthCore_NoBlockingCallsOnTheAsyncPath()
    {
        var found = new List<string>();
        Assembly core = typeof(DmarcEvaluator).Assembly;
        foreach (Type type in core.GetTypes())
        {
            bool stateMachine = typeof(IAsyncStateMachine).IsAssignableFrom(type);
            const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (MethodBase method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
            {
                foreach (MethodBase callee in Callees(method))
                {
                    string? problem = Blocking(callee, inAwaitCode: stateMachine);
                    if (problem is null)
                    {
                        continue;
                    }

                    string owner = stateMachine && type.DeclaringType is { } outer ? $"{outer.FullName}.{type.Name}" : $"{type.FullName}.{method.Name}";
                    string entry = $"{owner} -> {problem}";
                    if (!Allowed.Contains(entry))
                    {
                        found.Add(entry);
                    }
                }
            }
        }

        Assert.Empty(found);
    }

    [Fact]
    public async Task DmarcEvaluateAsync_ResolverNeverAnswers_BudgetCancellationGivesTempError()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var evaluator = new DmarcEvaluator(new NeverAnsweringResolver(), new DmarcOptions { Timeout = TimeSpan.FromSeconds(5), TimeProvider = time });

        var pending = evaluator.EvaluateAsync("bank.example", DmarcSpfInput.None, []).AsTask();
        Assert.False(pending.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(5));
        var result = await pending.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(DmarcStatus.TempError, result.Status);
    }

    private static string? Blocking(MethodBase callee, bool inAwaitCode)
    {
        Type? declaring = callee.DeclaringType;
        if (declaring is null)
        {
            return null;
        }

        Type generic = declaring.IsGenericType ? declaring.GetGenericTypeDefinition() : declaring;
        string name = callee.Name;
        string where = $"{generic.Name}.{name}";
        if (generic == typeof(Task) && name is "Wait" or "WaitAll" or "WaitAny" or "Run" or "get_Result")
        {
            return where;
        }

        if ((generic == typeof(Task<>) || generic == typeof(ValueTask<>)) && name == "get_Result")
        {
            return where;
        }

        if (generic == typeof(TaskFactory) || generic == typeof(TaskFactory<>))
        {
            return where;
        }

        if ((generic == typeof(Thread) && name == "Sleep")
            || (generic == typeof(SemaphoreSlim) && name == "Wait")
            || (generic == typeof(ManualResetEventSlim) && name == "Wait")
            || (generic == typeof(Monitor) && name == "Wait")
            || (generic == typeof(System.Net.Dns) && !name.EndsWith("Async", StringComparison.Ordinal)))
        {
            return where;
        }

        // await compiles to awaiter.GetResult() inside the state machine, after IsCompleted: only flag it elsewhere.
        bool awaiter = generic == typeof(TaskAwaiter) || generic == typeof(TaskAwaiter<>) || generic == typeof(ValueTaskAwaiter<>)
            || generic == typeof(ConfiguredTaskAwaitable.ConfiguredTaskAwaiter) || generic == typeof(ConfiguredTaskAwaitable<>.ConfiguredTaskAwaiter)
            || generic == typeof(ConfiguredValueTaskAwaitable<>.ConfiguredValueTaskAwaiter) || generic == typeof(ConfiguredValueTaskAwaitable.ConfiguredValueTaskAwaiter)
            || generic == typeof(ValueTaskAwaiter);
        return awaiter && name == "GetResult" && !inAwaitCode ? where : null;
    }

    private static IEnumerable<MethodBase> Callees(MethodBase method)
    {
        byte[]? il;
        try
        {
            il = method.GetMethodBody()?.GetILAsByteArray();
        }
        catch (InvalidOperationException)
        {
            yield break;
        }

        if (il is null)
        {
            yield break;
        }

        Type[]? typeArgs = method.DeclaringType is { IsGenericType: true } t ? t.GetGenericArguments() : null;
        Type[]? methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        int i = 0;
        while (i < il.Length)
        {
            OpCode op = il[i] == 0xFE ? TwoByte[il[++i]] : OneByte[il[i]];
            i++;
            int size = op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, i)),
                _ => 4,
            };
            if (op.OperandType == OperandType.InlineMethod)
            {
                MethodBase? callee = null;
                try
                {
                    callee = method.Module.ResolveMethod(BitConverter.ToInt32(il, i), typeArgs, methodArgs);
                }
                catch (ArgumentException)
                {
                }

                if (callee is not null)
                {
                    yield return callee;
                }
            }

            i += size;
        }
    }

    /// <summary>A resolver whose answers never come: only the caller's token ends a query.</summary>
    private sealed class NeverAnsweringResolver : IDnsResolver
    {
        public ValueTask<DnsResponse<TxtRecord>> QueryTxtAsync(string name, CancellationToken cancellationToken = default) => Never<TxtRecord>(cancellationToken);

        public ValueTask<DnsResponse<System.Net.IPAddress>> QueryAAsync(string name, CancellationToken cancellationToken = default) => Never<System.Net.IPAddress>(cancellationToken);

        public ValueTask<DnsResponse<System.Net.IPAddress>> QueryAaaaAsync(string name, CancellationToken cancellationToken = default) => Never<System.Net.IPAddress>(cancellationToken);

        public ValueTask<DnsResponse<MxRecord>> QueryMxAsync(string name, CancellationToken cancellationToken = default) => Never<MxRecord>(cancellationToken);

        public ValueTask<DnsResponse<string>> QueryPtrAsync(System.Net.IPAddress address, CancellationToken cancellationToken = default) => Never<string>(cancellationToken);

        private static async ValueTask<DnsResponse<T>> Never<T>(CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            throw new InvalidOperationException("unreachable");
        }
    }
}
