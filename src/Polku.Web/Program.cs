using Polku.Appointments;
using Polku.Assessments;
using Polku.Contacts;
using Polku.ControlTower;
using Polku.Identity;
using Polku.Platform;
using Polku.Region;
using Polku.ServiceManagement;
using Polku.Training;
using Polku.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddPolku(
    new RegionModule(),
    new IdentityModule(),
    new ContactsModule(),
    new AssessmentsModule(),
    new AppointmentsModule(),
    new ControlTowerModule(),
    new ServiceManagementModule(),
    new TrainingModule());

var app = builder.Build();
app.UsePolku();
app.MapHostEndpoints();
return await app.RunPolkuAsync(args);

/// <summary>Entry point; public so the test host can start the application.</summary>
public partial class Program;
