using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OneWindow.Web.Tests.Infrastructure;

/// <summary>
/// Counts the database commands EF Core executes against one test database (xunit runs other classes in parallel on
/// databases of their own), from EF's diagnostic events: a round-trip is one executed command.
/// </summary>
public sealed class QueryCounter : IDisposable, IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    private readonly string database;
    private readonly List<IDisposable> subscriptions = [];
    private readonly List<string> commands = [];
    private bool counting;

    public QueryCounter(string databaseMarker)
    {
        database = databaseMarker;
        subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
    }

    public IReadOnlyList<string> Commands
    {
        get
        {
            lock (commands)
            {
                return [.. commands];
            }
        }
    }

    /// <summary>Counts the commands <paramref name="work"/> causes.</summary>
    public async Task<IReadOnlyList<string>> CountAsync(Func<Task> work)
    {
        lock (commands)
        {
            commands.Clear();
            counting = true;
        }

        try
        {
            await work();
        }
        finally
        {
            lock (commands)
            {
                counting = false;
            }
        }

        return Commands;
    }

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == DbLoggerCategory.Name)
        {
            lock (subscriptions)
            {
                subscriptions.Add(value.Subscribe(this));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == RelationalEventId.CommandExecuted.Name && value.Value is CommandExecutedEventData data
            && (data.Command.Connection?.ConnectionString ?? "").Contains(database, StringComparison.Ordinal))
        {
            lock (commands)
            {
                if (counting)
                {
                    commands.Add(data.Command.CommandText);
                }
            }
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        lock (subscriptions)
        {
            foreach (var s in subscriptions)
            {
                s.Dispose();
            }
        }
    }
}
