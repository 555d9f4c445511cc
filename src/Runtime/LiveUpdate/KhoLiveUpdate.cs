using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace KhoGen;

/// <summary>
/// The live-update orchestrator: it registers participants and sequences their phases, in the
/// old build (negotiate, preserve, freeze, commit) and in the next one (retrieve, finish), with
/// LUO's failure semantics. See docs/live-update.md.
/// </summary>
public sealed partial class KhoLiveUpdate
{
    readonly List<KhoParticipant> _participants = new();
    readonly object _lock = new();
    int _busy;

    /// <summary>Creates an orchestrator.</summary>
    public KhoLiveUpdate(KhoLiveUpdateOptions? options = null) => Options = options ?? new KhoLiveUpdateOptions();

    /// <summary>The image location and restore rules.</summary>
    public KhoLiveUpdateOptions Options { get; }

    /// <summary>This build's catalog.</summary>
    public KhoCatalog Catalog => Options.Catalog ?? KhoRegistry.Catalog;

    /// <summary>
    /// The fingerprint of this build's catalog: the XxHash3 of its JSON (<see cref="KhoCatalog.ToJson"/>)
    /// with the assembly's name and version and every entry's origin left empty, so it covers every
    /// format, version, layout and write capability, and nothing else. An image records the fingerprint of the catalog it was
    /// negotiated against; a restore accepts it only when that is this one.
    /// </summary>
    public ulong CatalogFingerprint => Fingerprint(Catalog);

    internal static ulong Fingerprint(KhoCatalog catalog)
    {
        // Layouts only: not the assembly, nor where each entry came from (a merged catalog's origins
        // depend on which part lists a shared data type first, which a build and its tool may see apart).
        var formatsOnly = new KhoCatalog("", "", catalog.Formats.Select(f => f.WithOrigin(null)), catalog.Data.Select(d => d.WithOrigin(null)), catalog.Enums);
        return System.IO.Hashing.XxHash3.HashToUInt64(System.Text.Encoding.UTF8.GetBytes(formatsOnly.ToJson()));
    }

    internal static string Identity(KhoCatalog catalog) => $"{catalog.AssemblyName} {catalog.AssemblyVersion}";

    /// <summary>The participants, in registration order.</summary>
    public IReadOnlyList<KhoParticipant> Participants
    {
        get { lock (_lock) return _participants.ToArray(); }
    }

    /// <summary>Registers a participant.</summary>
    /// <exception cref="ArgumentException">Another participant owns the format, or the dependencies form a cycle.</exception>
    /// <exception cref="InvalidOperationException">A live update is under way.</exception>
    public void Register(KhoParticipant participant)
    {
        if (participant is null) throw new ArgumentNullException(nameof(participant));
        lock (_lock)
        {
            if (Volatile.Read(ref _busy) != 0)
                throw new InvalidOperationException("Registration is closed while a live update is under way.");
            if (_participants.Any(p => p.Format == participant.Format))
                throw new ArgumentException($"A participant for format '{participant.Format}' is already registered.", nameof(participant));
            _participants.Add(participant);
            string? cycle = FindCycle(_participants);
            if (cycle is not null)
            {
                _participants.Remove(participant);
                throw new ArgumentException($"Participant dependencies form a cycle: {cycle}.", nameof(participant));
            }
        }
    }

    /// <summary>
    /// Chooses a version for every participant's format from the next build's catalog. Calls no participant.
    /// </summary>
    public KhoPlan Negotiate(KhoCatalog next)
    {
        if (next is null) throw new ArgumentNullException(nameof(next));
        return KhoPlan.Create(Catalog, next, Participants.Select(p => p.Format), KhoRegistry.IsWriteEnabled);
    }

    /// <summary>Enters a live update; only one at a time.</summary>
    IDisposable Enter(KhoPhase phase)
    {
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
            throw new KhoLiveUpdateException(phase, "Another live update is under way on this orchestrator.");
        return new Exit(this);
    }

    sealed class Exit : IDisposable
    {
        KhoLiveUpdate? _owner;
        public Exit(KhoLiveUpdate owner) => _owner = owner;
        public void Dispose()
        {
            if (_owner is not null) Volatile.Write(ref _owner._busy, 0);
            _owner = null;
        }
    }

    /// <summary>The participants ordered so that each comes after those it depends on (registration order otherwise).</summary>
    List<KhoParticipant> DependencyOrder(KhoPhase phase)
    {
        var all = Participants;
        var byFormat = all.ToDictionary(p => p.Format);
        foreach (var p in all)
            foreach (string d in p.DependsOn)
                if (!byFormat.ContainsKey(d))
                    throw new KhoLiveUpdateException(phase, $"The participant for '{p.Format}' depends on '{d}', which no participant owns.", p.Format);
        var done = new HashSet<string>();
        var order = new List<KhoParticipant>();
        void Visit(KhoParticipant p)
        {
            if (!done.Add(p.Format)) return;
            foreach (string d in p.DependsOn) Visit(byFormat[d]);
            order.Add(p);
        }
        foreach (var p in all) Visit(p);
        return order;
    }

    static string? FindCycle(List<KhoParticipant> participants)
    {
        var byFormat = participants.ToDictionary(p => p.Format);
        var state = new Dictionary<string, int>();
        var path = new List<string>();
        string? Walk(string format)
        {
            if (!byFormat.TryGetValue(format, out var p)) return null;
            state.TryGetValue(format, out int s);
            if (s == 2) return null;
            if (s == 1) return string.Join(" -> ", path.Skip(path.IndexOf(format)).Append(format));
            state[format] = 1;
            path.Add(format);
            foreach (string d in p.DependsOn)
                if (Walk(d) is string c) return c;
            path.RemoveAt(path.Count - 1);
            state[format] = 2;
            return null;
        }
        foreach (var p in participants)
            if (Walk(p.Format) is string cycle) return cycle;
        return null;
    }
}
