using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading.Channels;
using Npgsql;

namespace OneWindow.Web.Infrastructure.Live;

/// <summary>
/// Tells open pages that something they show has changed, on this instance and — through PostgreSQL's LISTEN/NOTIFY —
/// on every other instance on the same database, so a page reloads when its data changes instead of polling for it.
/// A topic is a string the owning feature chooses ("ticket:{id}"); publishers call it after their data has committed.
/// Delivery is best effort: a notice lost to a crash is made up by the page's slow safety check.
/// </summary>
public sealed class LiveChanges(ILogger<LiveChanges> logger)
{
    /// <summary>Sent to every subscriber when notices may have been missed (the listener reconnected).</summary>
    public const string Everything = "*";

    private readonly ConcurrentDictionary<string, ImmutableList<Func<Task>>> subscribers = new(StringComparer.Ordinal);
    private readonly Channel<string> outgoing = Channel.CreateBounded<string>(new BoundedChannelOptions(10_000)
    {
        // Under a flood the oldest notices go first; the pages they were for re-check on their own later.
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });

    /// <summary>This instance, so it can skip its own notices coming back from PostgreSQL.</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N")[..12];

    internal ChannelReader<string> Outgoing => outgoing.Reader;

    private readonly TaskCompletionSource listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once other instances' notices are being received (at once where there are none: SQLite).</summary>
    public Task Listening => FansOut ? listening.Task : Task.CompletedTask;

    internal void MarkListening() => listening.TrySetResult();

    /// <summary>True where other instances are told (PostgreSQL); with SQLite there is only this one.</summary>
    internal bool FansOut { get; set; }

    /// <summary>Calls <paramref name="onChange"/> whenever <paramref name="topic"/> is published anywhere; dispose to stop.</summary>
    public IDisposable Subscribe(string topic, Func<Task> onChange)
    {
        subscribers.AddOrUpdate(topic, _ => [onChange], (_, list) => list.Add(onChange));
        return new Subscription(this, topic, onChange);
    }

    /// <summary>Tells this instance's subscribers now and the other instances' shortly after.</summary>
    public void Publish(string topic)
    {
        Deliver(topic);
        if (FansOut)
        {
            outgoing.Writer.TryWrite(topic);
        }
    }

    /// <summary>Calls this instance's subscribers of <paramref name="topic"/> (all of them for <see cref="Everything"/>).</summary>
    internal void Deliver(string topic)
    {
        var handlers = topic == Everything
            ? subscribers.Values.SelectMany(h => h)
            : subscribers.TryGetValue(topic, out var list) ? list : [];
        foreach (var handler in handlers)
        {
            _ = InvokeAsync(handler);
        }
    }

    internal int SubscriberCount => subscribers.Values.Sum(l => l.Count);

    private async Task InvokeAsync(Func<Task> handler)
    {
        try
        {
            await handler();
        }
        catch (Exception e)
        {
            // A page that fails to refresh must not stop the others from hearing about the change.
            logger.LogWarning(e, "A live-change subscriber failed");
        }
    }

    private void Unsubscribe(string topic, Func<Task> handler)
    {
        while (subscribers.TryGetValue(topic, out var list))
        {
            var shorter = list.Remove(handler);
            if (shorter.IsEmpty ? subscribers.TryRemove(new KeyValuePair<string, ImmutableList<Func<Task>>>(topic, list)) : subscribers.TryUpdate(topic, shorter, list))
            {
                return;
            }
        }
    }

    private sealed class Subscription(LiveChanges owner, string topic, Func<Task> handler) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                owner.Unsubscribe(topic, handler);
            }
        }
    }
}

/// <summary>
/// Carries <see cref="LiveChanges"/> between instances over PostgreSQL: one dedicated connection LISTENs on a channel,
/// and published topics are sent with pg_notify in batches, off the request path. After a lost connection (a database
/// restart) it reconnects and tells every local subscriber to re-check, since notices may have been missed meanwhile.
/// </summary>
internal sealed class PostgresLiveFanout(LiveChanges live, DatabaseOptions database, ILogger<PostgresLiveFanout> logger) : BackgroundService
{
    public const string Channel = "ow_live";

    // SQLite serves one instance: local delivery is all there is.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => database.Provider == DatabaseProvider.Postgres
        ? Task.WhenAll(ListenAsync(stoppingToken), SendAsync(stoppingToken))
        : Task.CompletedTask;

    private async Task ListenAsync(CancellationToken ct)
    {
        // Its own unpooled connection: a pooled one is reset (UNLISTEN) whenever it goes back to the pool.
        var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false, KeepAlive = 30 }.ConnectionString;
        var missedSome = false;
        var delay = TimeSpan.FromSeconds(1);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(ct);
                connection.Notification += (_, e) => OnNotification(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(ct);
                }

                live.MarkListening();
                if (missedSome)
                {
                    logger.LogInformation("Live changes: listening again; open pages re-check");
                    live.Deliver(LiveChanges.Everything);
                }

                missedSome = true;
                delay = TimeSpan.FromSeconds(1);
                while (!ct.IsCancellationRequested)
                {
                    await connection.WaitAsync(ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or IOException or InvalidOperationException)
            {
                logger.LogWarning("Live changes: the listening connection failed ({Error}); retrying in {Delay}", e.Message, delay);
                try
                {
                    await Task.Delay(delay, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                delay = TimeSpan.FromSeconds(Math.Min(30, delay.TotalSeconds * 2));
            }
        }
    }

    private void OnNotification(string payload)
    {
        var split = payload.IndexOf('|', StringComparison.Ordinal);
        if (split > 0 && !payload.AsSpan(0, split).SequenceEqual(live.InstanceId))
        {
            live.Deliver(payload[(split + 1)..]);
        }
    }

    private async Task SendAsync(CancellationToken ct)
    {
        var batch = new List<string>();
        try
        {
            while (await live.Outgoing.WaitToReadAsync(ct))
            {
                batch.Clear();
                while (batch.Count < 500 && live.Outgoing.TryRead(out var topic))
                {
                    batch.Add(live.InstanceId + "|" + topic);
                }

                try
                {
                    await using var connection = new NpgsqlConnection(database.ConnectionString);
                    await connection.OpenAsync(ct);
                    await using var notify = new NpgsqlCommand($"SELECT pg_notify('{Channel}', p) FROM unnest(@p) AS p", connection);
                    notify.Parameters.AddWithValue("p", batch.Distinct(StringComparer.Ordinal).ToArray());
                    await notify.ExecuteNonQueryAsync(ct);
                }
                catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or IOException or InvalidOperationException)
                {
                    // The other instances' pages catch up on their safety check.
                    logger.LogWarning("Live changes: {Count} notices not sent to other instances ({Error})", batch.Count, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}

public static class LiveSetup
{
    public static IServiceCollection AddOneWindowLive(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var live = new LiveChanges(sp.GetRequiredService<ILogger<LiveChanges>>());
            live.FansOut = sp.GetRequiredService<DatabaseOptions>().Provider == DatabaseProvider.Postgres;
            return live;
        });
        services.AddHostedService<PostgresLiveFanout>();
        return services;
    }
}
