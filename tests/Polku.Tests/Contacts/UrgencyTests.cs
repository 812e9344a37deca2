using Polku.Assessments.Contracts;
using Polku.Contacts.Contracts;

namespace Polku.Tests.Contacts;

/// <summary>The one urgency type (ADR 0009): its codes, its order, and how each class becomes a desk task's class.</summary>
public sealed class UrgencyTests
{
    [Fact]
    public void All_lists_every_class_once_from_the_most_urgent()
    {
        Assert.Equal(Enum.GetValues<Urgency>(), UrgencyClasses.All);
        Assert.Equal([Urgency.P0, Urgency.P1, Urgency.P2, Urgency.P3, Urgency.P4, Urgency.L2], UrgencyClasses.Routed);
        for (var i = 1; i < UrgencyClasses.All.Count; i++)
        {
            Assert.True(UrgencyClasses.All[i - 1].MoreUrgentThan(UrgencyClasses.All[i]));
            Assert.False(UrgencyClasses.All[i].MoreUrgentThan(UrgencyClasses.All[i - 1]));
        }
    }

    [Theory]
    [InlineData(Urgency.P0, "P0")]
    [InlineData(Urgency.P1, "P1")]
    [InlineData(Urgency.P2, "P2")]
    [InlineData(Urgency.P3, "P3")]
    [InlineData(Urgency.P4, "P4")]
    [InlineData(Urgency.L2, "L2")]
    [InlineData(Urgency.S, "S")]
    public void Code_is_the_stored_name_and_parses_back(Urgency urgency, string code)
    {
        // The database stores enums by name and the APIs write the code: both must stay the same text.
        Assert.Equal(code, urgency.Code());
        Assert.Equal(code, urgency.ToString());
        Assert.Equal(urgency, UrgencyClasses.Parse(code));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("p1")]
    [InlineData("P5")]
    [InlineData("1")]
    [InlineData(" P1")]
    public void Parse_refuses_anything_but_a_code(string? code) => Assert.Null(UrgencyClasses.Parse(code));

    [Fact]
    public void Code_refuses_a_number_that_is_no_class() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ((Urgency)42).Code());

    [Theory]
    [InlineData(Urgency.P0, Urgency.P1)]
    [InlineData(Urgency.P1, Urgency.P1)]
    [InlineData(Urgency.P2, Urgency.P2)]
    [InlineData(Urgency.P3, Urgency.P3)]
    [InlineData(Urgency.P4, Urgency.P4)]
    [InlineData(Urgency.L2, Urgency.P4)]
    [InlineData(Urgency.S, Urgency.P4)]
    public void Every_class_maps_to_a_task_class_never_less_urgent(Urgency work, Urgency task)
    {
        Assert.Equal(task, TaskUrgency.For(work));
        Assert.True(TaskUrgency.For(work).IsTaskClass());
        // Only P0, which no task carries, is more urgent than its task class.
        Assert.True(work == Urgency.P0 || !work.MoreUrgentThan(TaskUrgency.For(work)));
        Assert.Equal(work is Urgency.P1 or Urgency.P2 or Urgency.P3 or Urgency.P4, work.IsTaskClass());
    }

    [Fact]
    public void The_mapping_cases_cover_every_class()
    {
        // The theory above lists each value; a class added to the enum must be added there too.
        Assert.Equal(7, Enum.GetValues<Urgency>().Length);
        Assert.Equal(TaskUrgency.Classes, Enum.GetValues<Urgency>().Where(u => u.IsTaskClass()));
        Assert.Throws<ArgumentOutOfRangeException>(() => TaskUrgency.For((Urgency)42));
    }
}
