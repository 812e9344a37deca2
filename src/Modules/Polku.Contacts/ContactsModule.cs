using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Polku.Contacts.Access;
using Polku.Contacts.Api;
using Polku.Contacts.Callbacks;
using Polku.Contacts.Contracts;
using Polku.Contacts.Data;
using Polku.Contacts.Tasks;
using Polku.Platform.Jobs;
using Polku.Platform.Modules;
using Polku.Region.Contracts;

namespace Polku.Contacts;

/// <summary>Asiointi — the professional's desk: cases, work queues, tasks, reply templates, secure messages, call-backs.</summary>
public sealed class ContactsModule : IPolkuModule
{
    public string Name => "contacts";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<TaskWriter>().AddScoped<TaskObservers>();
        services.AddScoped<LocalQueues>();
        services.AddScoped<PostgresClaim>();
        services.AddScoped<IWorkInbox, WorkInbox>();
        services.AddScoped<QueueWork>().AddScoped<DeskViews>().AddScoped<DeskLookups>();
        services.AddSingleton<Polku.Platform.Observability.IGaugeSource, QueueGauges>();
        services.AddScoped<Polku.Platform.Live.ILiveAudienceSource, QueueAudiences>();
        services.AddScoped<IResidentMessages, Messages.ResidentMessages>();
        services.AddScoped<Messages.MessageService>().AddScoped<Messages.AttachmentChecks>().AddScoped<Templates.TemplateService>().AddScoped<Templates.TemplateEditor>();
        services.Configure<Messages.AttachmentOptions>(configuration.GetSection(Messages.AttachmentOptions.Section));

        // Attachment content in the database unless a folder is chosen explicitly. A county's own IAttachmentStore (an
        // object store) registered by the host after AddPolku replaces either: the last registration wins.
        var storage = configuration.GetSection(Messages.AttachmentOptions.Section).GetValue(nameof(Messages.AttachmentOptions.Store), Messages.AttachmentStorage.Database);
        if (storage == Messages.AttachmentStorage.FileSystem)
        {
            services.AddScoped<Messages.IAttachmentStore, Messages.FileSystemAttachmentStore>();
        }
        else
        {
            services.AddScoped<Messages.IAttachmentStore, Messages.DatabaseAttachmentStore>();
        }
        services.AddSingleton<IBuiltInChannelLinks, Messages.MessageChannelLinks>();
        services.AddScoped<CallbackService>();
        services.AddScoped<ResidentOverview>();
        services.AddScoped<ICareRelationship, CareRelationship>().AddScoped<ResidentAccessGate>();
        services.AddScoped<IResidentTimelineSource, Timeline.ContactsTimeline>();
        services.AddSingleton<IBuiltInChannelLinks, CallbackLinks>();
        services.AddSingleton<Chat.FaqCache>();
        services.AddScoped<Chat.FaqStore>().AddScoped<Chat.ChatBot>().AddScoped<Chat.ChatQueues>().AddScoped<Chat.ChatService>()
            .AddScoped<Chat.ChatView>().AddScoped<Chat.ChatStream>().AddScoped<Chat.ChatDesk>();
        services.AddScoped<IChatAvailability, Chat.ChatAvailability>();
        services.Configure<Chat.ChatOptions>(configuration.GetSection(Chat.ChatOptions.Section));
        if (configuration.GetSection(Chat.ChatOptions.Section).GetValue(nameof(Chat.ChatOptions.HousekeepingEnabled), true))
        {
            services.AddHostedService<Chat.ChatHousekeeping>();
        }

        services.AddSingleton<IBuiltInChannelLinks, Chat.ChatChannelLinks>();
        services.AddSingleton<IAdminLinks, Chat.ChatAdminLinks>();
        services.AddScoped<Feedback.FeedbackService>().AddScoped<IFeedbackOffers>(sp => sp.GetRequiredService<Feedback.FeedbackService>());
        services.AddScoped<IFeedbackReport, Feedback.FeedbackReport>();
        services.AddScoped<IFeedbackSubjects, Feedback.ChatFeedbackSubjects>().AddScoped<IFeedbackSubjects, Feedback.MessageFeedbackSubjects>();
        services.AddSingleton<IAdminLinks, Feedback.FeedbackAdminLinks>();
        services.AddScoped<Queues.QueueAdministration>();
        services.AddScoped<Queues.QueueCertificates>();
        services.AddScoped<IQueueMemberships, Queues.QueueMemberships>();
        if (configuration.GetSection(Queues.QueueCertificateOptions.Section).GetValue(nameof(Queues.QueueCertificateOptions.Enabled), true))
        {
            services.AddPeriodicJob<Queues.QueueCertificates>("queue certificates", TimeSpan.FromMinutes(5), (job, ct) => job.RunAsync(ct));
        }

        services.AddSingleton<IAdminLinks, Queues.QueueAdminLinks>();
        services.AddSingleton<FollowUp.PlanTemplates>();
        services.AddScoped<FollowUp.FollowUpService>().AddScoped<FollowUp.FollowUpReminders>().AddScoped<Polku.Identity.Contracts.IOwnPageSections, FollowUp.FollowUpOwnPage>();
        if (configuration.GetSection(FollowUp.FollowUpOptions.Section).GetValue(nameof(FollowUp.FollowUpOptions.RemindersEnabled), true))
        {
            services.AddPeriodicJob<FollowUp.FollowUpReminders>("follow-up reminders", TimeSpan.FromMinutes(1), (job, ct) => job.RunAsync(ct));
        }
    }

    public void ConfigureModel(ModelBuilder modelBuilder) => ContactsModel.Configure(modelBuilder);

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        DeskApi.Map(endpoints);
        MessagesApi.Map(endpoints);
        CallbacksApi.Map(endpoints);
        MineApi.Map(endpoints);
        ChatApi.Map(endpoints);
        FeedbackApi.Map(endpoints);
        FollowUpApi.Map(endpoints);
        QueueAdminApi.Map(endpoints);
    }

    public async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await DemoTemplates.SeedAsync(services.GetRequiredService<Polku.Platform.Persistence.PolkuDb>(), services.GetRequiredService<TimeProvider>(), cancellationToken);
        await DemoDesk.SeedAsync(services, cancellationToken);
        await services.GetRequiredService<Chat.FaqStore>().SeedAsync(cancellationToken);
        await DemoChat.SeedAsync(services, cancellationToken);
        await DemoFollowUp.SeedAsync(services, cancellationToken);
    }
}
