namespace SnowMedallion.Testing.Snowflake.Engine;

/// <summary>
/// The registry of background work (pipe loads, task runs, notifications) that
/// <see cref="LocalSnowflake.WaitForIdleAsync"/> waits for.
/// </summary>
/// <remarks>
/// Extension point for the runtime features: call <see cref="Track"/> with every task you start, or
/// <see cref="Begin"/> when work is queued before a task exists (dispose the handle when it is done or
/// handed to a tracked task). <see cref="WhenIdleAsync"/> returns once nothing is tracked, re-checking
/// after each completion, because work may queue more work.
/// </remarks>
internal sealed class BackgroundWork
{
    private readonly Lock _gate = new();
    private readonly HashSet<Task> _tasks = [];
    private int _pending;
    private TaskCompletionSource _idle = NewIdleSignal(completed: true);

    /// <summary>True when no work is tracked.</summary>
    public bool IsIdle
    {
        get
        {
            lock (_gate)
            {
                return _tasks.Count == 0 && _pending == 0;
            }
        }
    }

    /// <summary>Tracks a running task until it completes (faults are observed, not rethrown here).</summary>
    public Task Track(Task task)
    {
        ArgumentNullException.ThrowIfNull(task);
        lock (_gate)
        {
            if (task.IsCompleted)
            {
                return task;
            }

            if (_tasks.Count == 0 && _pending == 0)
            {
                _idle = NewIdleSignal(completed: false);
            }

            _tasks.Add(task);
        }

        task.ContinueWith(Completed, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    /// <summary>Marks work as queued until the returned handle is disposed.</summary>
    public IDisposable Begin()
    {
        lock (_gate)
        {
            if (_tasks.Count == 0 && _pending == 0)
            {
                _idle = NewIdleSignal(completed: false);
            }

            _pending++;
        }

        return new Handle(this);
    }

    /// <summary>Completes when no work is tracked.</summary>
    public async Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task idle;
            lock (_gate)
            {
                if (_tasks.Count == 0 && _pending == 0)
                {
                    return;
                }

                idle = _idle.Task;
            }

            await idle.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static TaskCompletionSource NewIdleSignal(bool completed)
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
        {
            source.SetResult();
        }

        return source;
    }

    private void Completed(Task task)
    {
        _ = task.Exception; // observed: failures are reported by whoever started the work
        lock (_gate)
        {
            _tasks.Remove(task);
            SignalIfIdle();
        }
    }

    private void EndPending()
    {
        lock (_gate)
        {
            _pending--;
            SignalIfIdle();
        }
    }

    private void SignalIfIdle()
    {
        if (_tasks.Count == 0 && _pending == 0)
        {
            _idle.TrySetResult();
        }
    }

    private sealed class Handle(BackgroundWork owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.EndPending();
            }
        }
    }
}
