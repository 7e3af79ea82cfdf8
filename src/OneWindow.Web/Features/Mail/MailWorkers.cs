namespace OneWindow.Web.Features.Mail;

/// <summary>
/// Runs one mail job every few seconds while its server is configured (0 seconds turns it off); a failed run is logged
/// and tried again at the next tick.
/// </summary>
internal abstract class MailPollingWorker(TimeProvider clock, ILogger logger) : BackgroundService
{
    /// <summary>Seconds between runs; null or 0 when the job is off.</summary>
    protected abstract int? PollSeconds { get; }

    /// <summary>Whether the first run comes at start-up rather than after the first interval.</summary>
    protected virtual bool RunsAtStart => false;

    /// <summary>What the job is, for the log ("Polling the mailbox").</summary>
    protected abstract string Job { get; }

    protected abstract Task RunOnceAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (PollSeconds is not (> 0 and var seconds))
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds), clock);
        if (RunsAtStart)
        {
            await RunAsync(stoppingToken);
        }

        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await RunAsync(stoppingToken);
        }
    }

    private async Task RunAsync(CancellationToken ct)
    {
        try
        {
            await RunOnceAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "{Job} failed; will retry", Job);
        }
    }
}

/// <summary>Polls the mailbox every <c>Mail:Imap:PollSeconds</c> while IMAP is configured, starting at once.</summary>
internal sealed class MailIntakeWorker(MailIntake intake, TimeProvider clock, IOptions<MailOptions> options, ILogger<MailIntakeWorker> logger)
    : MailPollingWorker(clock, logger)
{
    protected override int? PollSeconds => options.Value.Imap.Enabled ? options.Value.Imap.PollSeconds : null;

    protected override bool RunsAtStart => true;

    protected override string Job => "Polling the mailbox";

    protected override Task RunOnceAsync(CancellationToken ct) => intake.PollOnceAsync(ct);
}

/// <summary>Runs the outbox delivery every <c>Mail:Smtp:PollSeconds</c> while SMTP is configured.</summary>
internal sealed class MailOutboxWorker(MailOutboxSender sender, TimeProvider clock, IOptions<MailOptions> options, ILogger<MailOutboxWorker> logger)
    : MailPollingWorker(clock, logger)
{
    protected override int? PollSeconds => options.Value.Smtp.Enabled ? options.Value.Smtp.PollSeconds : null;

    protected override string Job => "Outbox delivery";

    protected override Task RunOnceAsync(CancellationToken ct) => sender.DeliverPendingAsync(ct);
}
