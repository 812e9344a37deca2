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

    /// <summary>The coordinator's list of automatic messages and their texts.</summary>
    public const string AdminMessages = "/training/admin/messages";

    /// <summary>The texts of one automatic message by its name (<c>enrolled</c>, <c>reminder_24h</c> …).</summary>
    public static string AdminMessage(string name) => $"{AdminMessages}/{Uri.EscapeDataString(name)}";

    /// <summary>The coordinator's form for messaging a group's participants.</summary>
    public static string AdminGroupMessage(Guid groupId) => $"{Admin}/groups/{groupId:D}/message";

    /// <summary>The coordinator's CSV import of programmes, courses and groups (check, then apply).</summary>
    public const string AdminImport = "/training/admin/import";

    /// <summary>The coordinator's form for a new programme.</summary>
    public const string AdminProgrammeNew = $"{Admin}/programmes/new";

    /// <summary>The coordinator's rooms register.</summary>
    public const string AdminRooms = $"{Admin}/rooms";

    /// <summary>The coordinator's edit page of a programme, with its courses and groups.</summary>
    public static string AdminProgramme(string code) => $"{Admin}/programmes/{Uri.EscapeDataString(code)}";

    public static string AdminCourseNew(string programmeCode) => $"{AdminProgramme(programmeCode)}/courses/new";

    public static string AdminCourse(Guid courseId) => $"{Admin}/courses/{courseId:D}";

    public static string AdminGroupNew(Guid courseId) => $"{AdminCourse(courseId)}/groups/new";

    public static string AdminGroup(Guid groupId) => $"{Admin}/groups/{groupId:D}";

    public static string AdminRoom(Guid roomId) => $"{AdminRooms}/{roomId:D}";

    /// <summary>The coordinator's fill-rate and certification reports with their CSV downloads.</summary>
    public const string AdminReports = "/training/admin/reports";

    /// <summary>The attendance of one group as CSV, on the trainer's group page (the trainer's own groups; the coordinator any).</summary>
    public static string TrainerGroupAttendanceCsv(Guid groupId) => $"{TrainerGroup(groupId)}?handler=AttendanceCsv";
}
