using System.Threading;
using System.Threading.Tasks;

namespace KhoGen.AspNetCore;

/// <summary>
/// The switch shared by every listener: open, listeners accept; closed, they do not, and the
/// accepts in flight are cancelled. Counting those accepts lets <see cref="CloseAsync"/> return
/// only once no connection can be accepted any more.
/// </summary>
sealed class AcceptGate
{
    readonly object _lock = new();
    TaskCompletionSource _opened = NewSignal(completed: true);
    CancellationTokenSource _closing = new();
    TaskCompletionSource? _drained;
    int _accepting;

    public bool IsOpen
    {
        get { lock (_lock) return _opened.Task.IsCompleted; }
    }

    /// <summary>Enters an accept when open (the token is cancelled when the gate closes); otherwise gives the task that completes on opening.</summary>
    public bool TryEnter(out CancellationToken closing, out Task opened)
    {
        lock (_lock)
        {
            opened = _opened.Task;
            closing = _closing.Token;
            if (!opened.IsCompleted) return false;
            _accepting++;
            return true;
        }
    }

    /// <summary>Leaves an accept entered with <see cref="TryEnter"/>.</summary>
    public void Exit()
    {
        TaskCompletionSource? drained = null;
        lock (_lock)
        {
            if (--_accepting == 0) (drained, _drained) = (_drained, null);
        }
        drained?.TrySetResult();
    }

    /// <summary>Closes the gate, cancels the accepts in flight, and completes once they have all left.</summary>
    public Task CloseAsync(CancellationToken cancellationToken)
    {
        CancellationTokenSource? closing = null;
        Task drained;
        lock (_lock)
        {
            if (_opened.Task.IsCompleted)
            {
                _opened = NewSignal(completed: false);
                closing = _closing;
                _closing = new CancellationTokenSource();
            }
            drained = _accepting == 0 ? Task.CompletedTask : (_drained ??= NewSignal(completed: false)).Task;
        }
        // Cancelled outside the lock: cancellation runs the accepts' callbacks on this thread.
        // Not disposed: a listener may still be linking to its token.
        closing?.Cancel();
        return drained.WaitAsync(cancellationToken);
    }

    /// <summary>Opens the gate: waiting listeners accept again.</summary>
    public void Open()
    {
        TaskCompletionSource opened;
        lock (_lock) opened = _opened;
        opened.TrySetResult();
    }

    static TaskCompletionSource NewSignal(bool completed)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed) signal.SetResult();
        return signal;
    }
}
