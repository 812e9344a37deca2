namespace Polku.Training.Contracts;

/// <summary>
/// The training pages (spec 07): any member of staff finds programmes and enrols under <c>/training</c>; the trainer's
/// pages are under <c>/training/trainer</c>; anyone may check a certificate's verification code.
/// </summary>
public static class TrainingRoutes
{
    /// <summary>Programme search: by organisation, unit, professional title, name or code.</summary>
    public const string Home = "/training";

    /// <summary>The signed-in professional's enrolments, exams and certificates.</summary>
    public const string MyTraining = "/training/my";

    /// <summary>The trainer's upcoming groups with their participants.</summary>
    public const string Trainer = "/training/trainer";

    /// <summary>The training coordinator's pages: programmes, courses and groups.</summary>
    public const string Admin = "/training/admin";

    /// <summary>The public certificate check: a form for the code (no sign-in).</summary>
    public const string Verify = "/training/certificates/verify";

    public static string Programme(string code) => $"{Home}/programmes/{Uri.EscapeDataString(code)}";

    public static string Course(Guid courseId) => $"{Home}/courses/{courseId:D}";

    public static string Group(Guid groupId) => $"{Home}/groups/{groupId:D}";

    public static string Exam(Guid courseId) => $"{Home}/courses/{courseId:D}/exam";

    public static string TrainerGroup(Guid groupId) => $"{Trainer}/groups/{groupId:D}";

    /// <summary>The public answer for one verification code.</summary>
    public static string VerifyCode(string code) => $"{Verify}/{Uri.EscapeDataString(code)}";

    /// <summary>The coordinator's fill-rate and certification reports with their CSV downloads.</summary>
    public const string AdminReports = "/training/admin/reports";

    /// <summary>The attendance of one group as CSV, on the trainer's group page (the trainer's own groups; the coordinator any).</summary>
    public static string TrainerGroupAttendanceCsv(Guid groupId) => $"{TrainerGroup(groupId)}?handler=AttendanceCsv";
}
