using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Polku.Training;

/// <summary>The module's services, registered by part.</summary>
internal static class TrainingServices
{
    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<Reminders.TrainingOptions>(configuration.GetSection(Reminders.TrainingOptions.Section));
        services.AddScoped<Messages.TrainingMessages>();
        services.AddScoped<Catalogue.CatalogueQueries>();
        services.AddScoped<Enrolment.EnrolmentService>();
        services.AddScoped<Exams.ExamService>();
        services.AddScoped<Discussion.DiscussionService>();
        services.AddScoped<Certificates.CertificateQueries>();
        services.AddScoped<Contracts.ICertificateRegistry, Certificates.CertificateRegistry>();
        services.AddScoped<Trainer.TrainerQueries>();
        services.AddScoped<Coordinator.ProgrammeAdministration>();
        services.AddScoped<Reminders.TrainingReminders>();
        services.AddHostedService<Reminders.TrainingReminderWorker>();
        services.AddScoped<Messages.MessageTexts>();
        services.AddScoped<Messages.GroupMessaging>();
        services.AddScoped<Coordinator.TrainingImport>();
        services.AddScoped<Coordinator.RoomRegister>();
        services.AddScoped<Reports.TrainingReports>();
    }
}
