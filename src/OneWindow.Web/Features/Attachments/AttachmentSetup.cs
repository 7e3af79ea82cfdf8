namespace OneWindow.Web.Features.Attachments;

public static class AttachmentSetup
{
    public static IServiceCollection AddOneWindowAttachments(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AttachmentOptions>(configuration.GetSection("Attachments"));
        var store = configuration["Attachments:Store"] ?? "Disk";
        if (string.Equals(store, "S3", StringComparison.OrdinalIgnoreCase))
        {
            services.AddSingleton<IAttachmentStore, S3AttachmentStore>();
        }
        else if (string.Equals(store, "Disk", StringComparison.OrdinalIgnoreCase))
        {
            services.AddSingleton<IAttachmentStore, DiskAttachmentStore>();
        }
        else
        {
            // A typo must not silently fall back to the local disk.
            throw new InvalidOperationException($"Attachments:Store '{store}' is not supported; use 'Disk' or 'S3'.");
        }

        services.AddOneWindowJob(OrphanAttachmentJob.Schedule);
        return services.AddScoped<AttachmentService>().AddScoped<OrphanAttachmentSweeper>();
    }
}
