using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace KhoGen.LiveUpdate.Tests.Support;

/// <summary>What a probe was made to throw.</summary>
public sealed class ProbeFailure : Exception
{
    public ProbeFailure(string message) : base(message) { }
}

/// <summary>Every participant call, in order, as "format.phase".</summary>
public sealed class Journal
{
    readonly List<string> _entries = new();

    public void Add(string entry)
    {
        lock (_entries) _entries.Add(entry);
    }

    public IReadOnlyList<string> Entries
    {
        get { lock (_entries) return _entries.ToArray(); }
    }

    public int Count
    {
        get { lock (_entries) return _entries.Count; }
    }
}

/// <summary>
/// A participant that records every call in a journal, holds its subsystem's state in
/// <see cref="State"/>, and throws once in the phases listed in <see cref="FailOnce"/>.
/// </summary>
public sealed class Probe<T> : KhoParticipant<T> where T : IKhoFormat<T>
{
    readonly Journal _journal;
    readonly string[] _dependsOn;

    public Probe(Journal journal, T state, params string[] dependsOn)
    {
        _journal = journal;
        State = state;
        _dependsOn = dependsOn;
    }

    /// <summary>The subsystem's live state: what preserve hands over and retrieve replaces.</summary>
    public T State { get; set; }

    /// <summary>When set, freeze hands this over instead of what preserve returned.</summary>
    public T? FreezeTo { get; set; }

    /// <summary>Phases ("preserve", "unpreserve", "freeze", "unfreeze", "retrieve", "coldstart", "canfinish", "finish") that throw, once each.</summary>
    public HashSet<string> FailOnce { get; } = new();

    /// <summary>What <see cref="CanFinish"/> answers.</summary>
    public bool Ready { get; set; } = true;

    /// <summary>Called after each can-finish question, with what was answered.</summary>
    public Action<bool>? AfterCanFinish { get; set; }

    /// <summary>Awaited at the start of every asynchronous callback, with the phase.</summary>
    public Func<string, Task>? Before { get; set; }

    public override IReadOnlyCollection<string> DependsOn => _dependsOn;

    async ValueTask Call(string phase)
    {
        _journal.Add($"{Format}.{phase}");
        if (Before is not null) await Before(phase);
        Throw(phase);
    }

    void Throw(string phase)
    {
        bool fail;
        lock (FailOnce) fail = FailOnce.Remove(phase);
        if (fail) throw new ProbeFailure($"{Format} failed to {phase}");
    }

    protected override async ValueTask<T> PreserveAsync(CancellationToken cancellationToken)
    {
        await Call("preserve");
        return State;
    }

    protected override ValueTask UnpreserveAsync(CancellationToken cancellationToken) => Call("unpreserve");

    protected override async ValueTask<T> FreezeAsync(T preserved, CancellationToken cancellationToken)
    {
        await Call("freeze");
        return FreezeTo ?? preserved;
    }

    protected override ValueTask UnfreezeAsync(CancellationToken cancellationToken) => Call("unfreeze");

    protected override async ValueTask RetrieveAsync(T state, CancellationToken cancellationToken)
    {
        await Call("retrieve");
        State = state;
    }

    protected override ValueTask ColdStartAsync(CancellationToken cancellationToken) => Call("coldstart");

    protected override bool CanFinish()
    {
        _journal.Add($"{Format}.canfinish");
        Throw("canfinish");
        bool ready = Ready;
        AfterCanFinish?.Invoke(ready);
        return ready;
    }

    protected override ValueTask FinishAsync(CancellationToken cancellationToken) => Call("finish");
}
