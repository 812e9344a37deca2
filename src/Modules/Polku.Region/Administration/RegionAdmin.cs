using Microsoft.EntityFrameworkCore;
using Polku.Platform.Caching;
using Polku.Platform.Persistence;
using Polku.Platform.Results;
using Polku.Platform.Time;
using Polku.Region.Data;
using Polku.Region.Directory;

namespace Polku.Region.Administration;

/// <summary>A municipality's fields after validation, ready to store.</summary>
internal sealed record MunicipalityValues(string NameFi, string NameSv, string NameEn, string Languages, string? RecordSystem);

/// <summary>A unit's fields after validation, ready to store.</summary>
internal sealed record UnitValues(
    string NameFi, string NameSv, string NameEn, UnitKind Kind, string? Municipality, string Served, string? Phone, string? Address, bool OpenOnHolidays);

/// <summary>A service's texts after validation, ready to store.</summary>
internal sealed record ServiceValues(
    string NameFi, string NameSv, string NameEn, string DescriptionFi, string DescriptionSv, string DescriptionEn, string Keywords);

/// <summary>A channel's fields after validation, ready to store.</summary>
internal sealed record ChannelValues(
    ChannelKind Kind, ChannelMode Mode, string? Municipality, string? Url, string? Phone, string? LabelFi, string? LabelSv, string? LabelEn,
    DateOnly? ValidFrom, DateOnly? ValidTo);

/// <summary>An opening-hours exception on one date after validation: closed, or open at other hours.</summary>
internal sealed record ExceptionValues(DateOnly Date, bool Closed, TimeOnly? Opens, TimeOnly? Closes, string? Note);

/// <summary>
/// The coordinator's changes to the county's configuration — municipalities, units, services, channels and opening
/// hours — each in one unit of work. The forms validate their fields first; what depends on the database (a code
/// already taken, someone else's save since the form was loaded, an exception already on the date) is decided here,
/// inside the unit. Failures:
/// <list type="bullet">
/// <item><c>region.admin.municipality_code_taken</c> (field <c>Code</c>): a municipality with the code exists.</item>
/// <item><c>region.admin.code_taken</c> (field <c>Code</c>): a unit or service with the code exists.</item>
/// <item><c>error.concurrency</c> (conflict): the row's version is no longer the one the form was loaded with, or the row is gone.</item>
/// <item><c>region.admin.opening.duplicate_exception</c> (field <c>Date</c>): the unit already has an exception on the date.</item>
/// </list>
/// A municipality change drops the cached municipality list (<see cref="RegionCacheKeys.Municipalities"/>) on every
/// node once it commits.
/// </summary>
internal sealed class RegionAdmin(PolkuDb db, UnitOfWork unit, ReferenceCache cache)
{
    public const string MunicipalityCodeTaken = "region.admin.municipality_code_taken";
    public const string CodeTaken = "region.admin.code_taken";
    public const string Concurrency = "error.concurrency";
    public const string DuplicateException = "region.admin." + OpeningHours.DuplicateException;

    /// <summary>Adds a municipality; its code (already checked for form) is the key.</summary>
    public Task<Result<string>> AddMunicipalityAsync(string code, MunicipalityValues values, CancellationToken ct) =>
        unit.RunAsync(async c =>
        {
            if (await db.Set<Municipality>().AnyAsync(m => m.Code == code, c))
            {
                return Error.Validation(MunicipalityCodeTaken, "Code");
            }

            db.Set<Municipality>().Add(new Municipality
            {
                Code = code, NameFi = values.NameFi, NameSv = values.NameSv, NameEn = values.NameEn, Languages = values.Languages,
                RecordSystem = values.RecordSystem,
            });
            cache.Changed(unit, RegionCacheKeys.Municipalities);
            // Another coordinator may add the same code between the check and the insert: the primary key decides.
            return await SavedOrAsync(code, Error.Validation(MunicipalityCodeTaken, "Code"), c);
        }, ct);

    /// <summary>Changes a municipality's texts if nobody saved it since <paramref name="seenVersion"/>.</summary>
    public Task<Result<string>> UpdateMunicipalityAsync(string code, int seenVersion, MunicipalityValues values, CancellationToken ct) =>
        unit.RunAsync<string>(async c =>
        {
            var updated = await db.Set<Municipality>().Where(m => m.Code == code && m.Version == seenVersion).ExecuteUpdateAsync(u => u
                .SetProperty(m => m.NameFi, values.NameFi).SetProperty(m => m.NameSv, values.NameSv).SetProperty(m => m.NameEn, values.NameEn)
                .SetProperty(m => m.Languages, values.Languages).SetProperty(m => m.RecordSystem, values.RecordSystem)
                .SetProperty(m => m.Version, m => m.Version + 1), c);
            if (updated == 0)
            {
                return Error.Conflict(Concurrency);
            }

            cache.Changed(unit, RegionCacheKeys.Municipalities);
            return code;
        }, ct);

    /// <summary>Adds a unit with the code; returns its id.</summary>
    public Task<Result<Guid>> AddUnitAsync(string code, UnitValues v, CancellationToken ct) =>
        unit.RunAsync(async c =>
        {
            if (await db.Set<Unit>().AnyAsync(u => u.Code == code, c))
            {
                return Error.Validation(CodeTaken, "Code");
            }

            var id = Guid.NewGuid();
            db.Set<Unit>().Add(new Unit
            {
                Id = id, Code = code, NameFi = v.NameFi, NameSv = v.NameSv, NameEn = v.NameEn, Kind = v.Kind,
                MunicipalityCode = v.Municipality, ServedMunicipalities = v.Served, Phone = v.Phone, Address = v.Address,
                OpenOnHolidays = v.OpenOnHolidays,
            });
            // Another coordinator may take the code between the check and the insert: the unique index decides.
            return await SavedOrAsync(id, Error.Validation(CodeTaken, "Code"), c);
        }, ct);

    /// <summary>Changes a unit (all but its code) if nobody saved it since <paramref name="seenVersion"/>.</summary>
    public Task<Result<Guid>> UpdateUnitAsync(Guid unitId, int seenVersion, UnitValues v, CancellationToken ct) =>
        unit.RunAsync<Guid>(async c =>
        {
            var updated = await db.Set<Unit>().Where(u => u.Id == unitId && u.Version == seenVersion).ExecuteUpdateAsync(s => s
                .SetProperty(u => u.NameFi, v.NameFi).SetProperty(u => u.NameSv, v.NameSv).SetProperty(u => u.NameEn, v.NameEn)
                .SetProperty(u => u.Kind, v.Kind).SetProperty(u => u.MunicipalityCode, v.Municipality).SetProperty(u => u.ServedMunicipalities, v.Served)
                .SetProperty(u => u.Phone, v.Phone).SetProperty(u => u.Address, v.Address).SetProperty(u => u.OpenOnHolidays, v.OpenOnHolidays)
                .SetProperty(u => u.Version, u => u.Version + 1), c);
            return updated == 0 ? Error.Conflict(Concurrency) : unitId;
        }, ct);

    /// <summary>Adds a service with the code and names, last in the list; returns its id.</summary>
    public Task<Result<Guid>> AddServiceAsync(string code, string nameFi, string nameSv, string nameEn, CancellationToken ct) =>
        unit.RunAsync(async c =>
        {
            if (await db.Set<Service>().AnyAsync(s => s.Code == code, c))
            {
                return Error.Validation(CodeTaken, "Code");
            }

            var max = await db.Set<Service>().MaxAsync(s => (int?)s.SortOrder, c) ?? 0;
            var id = Guid.NewGuid();
            db.Set<Service>().Add(new Service { Id = id, Code = code, NameFi = nameFi, NameSv = nameSv, NameEn = nameEn, SortOrder = max + 10 });
            return Result<Guid>.Ok(id);
        }, ct);

    /// <summary>Changes a service's texts if nobody saved it since <paramref name="seenVersion"/>.</summary>
    public Task<Result<Guid>> UpdateServiceAsync(Guid serviceId, int seenVersion, ServiceValues v, CancellationToken ct) =>
        unit.RunAsync<Guid>(async c =>
        {
            var updated = await db.Set<Service>().Where(s => s.Id == serviceId && s.Version == seenVersion).ExecuteUpdateAsync(u => u
                .SetProperty(s => s.NameFi, v.NameFi).SetProperty(s => s.NameSv, v.NameSv).SetProperty(s => s.NameEn, v.NameEn)
                .SetProperty(s => s.DescriptionFi, v.DescriptionFi).SetProperty(s => s.DescriptionSv, v.DescriptionSv)
                .SetProperty(s => s.DescriptionEn, v.DescriptionEn).SetProperty(s => s.Keywords, v.Keywords)
                .SetProperty(s => s.Version, s => s.Version + 1), c);
            return updated == 0 ? Error.Conflict(Concurrency) : serviceId;
        }, ct);

    /// <summary>Adds a channel to the service; returns its id.</summary>
    public Task<Result<Guid>> AddChannelAsync(Guid serviceId, ChannelValues v, CancellationToken ct) =>
        unit.RunAsync(c =>
        {
            var id = Guid.NewGuid();
            db.Set<ServiceChannel>().Add(new ServiceChannel
            {
                Id = id, ServiceId = serviceId, Kind = v.Kind, Mode = v.Mode, MunicipalityCode = v.Municipality, Url = v.Url, Phone = v.Phone,
                LabelFi = v.LabelFi, LabelSv = v.LabelSv, LabelEn = v.LabelEn, ValidFrom = v.ValidFrom, ValidTo = v.ValidTo,
            });
            return Task.FromResult(Result<Guid>.Ok(id));
        }, ct);

    /// <summary>Changes a channel if nobody saved it since <paramref name="seenVersion"/>.</summary>
    public Task<Result<Guid>> UpdateChannelAsync(Guid channelId, int seenVersion, ChannelValues v, CancellationToken ct) =>
        unit.RunAsync<Guid>(async c =>
        {
            var updated = await db.Set<ServiceChannel>().Where(x => x.Id == channelId && x.Version == seenVersion).ExecuteUpdateAsync(u => u
                .SetProperty(x => x.Kind, v.Kind).SetProperty(x => x.Mode, v.Mode).SetProperty(x => x.MunicipalityCode, v.Municipality)
                .SetProperty(x => x.Url, v.Url).SetProperty(x => x.Phone, v.Phone)
                .SetProperty(x => x.LabelFi, v.LabelFi).SetProperty(x => x.LabelSv, v.LabelSv).SetProperty(x => x.LabelEn, v.LabelEn)
                .SetProperty(x => x.ValidFrom, v.ValidFrom).SetProperty(x => x.ValidTo, v.ValidTo).SetProperty(x => x.Version, x => x.Version + 1), c);
            return updated == 0 ? Error.Conflict(Concurrency) : channelId;
        }, ct);

    /// <summary>Deletes a channel; deleting one already gone changes nothing.</summary>
    public Task DeleteChannelAsync(Guid channelId, CancellationToken ct) =>
        unit.RunAsync(c => db.Set<ServiceChannel>().Where(x => x.Id == channelId).ExecuteDeleteAsync(c), ct);

    /// <summary>Replaces the unit's weekly pattern: the old periods go and the new ones come together.</summary>
    public Task ReplaceWeekAsync(Guid unitId, IReadOnlyList<OpeningPeriod> periods, CancellationToken ct) =>
        unit.RunAsync(async c =>
        {
            await db.Set<OpeningPeriodRow>().Where(p => p.OwnerKind == HoursOwner.Unit && p.OwnerId == unitId).ExecuteDeleteAsync(c);
            db.Set<OpeningPeriodRow>().AddRange(periods.Select(p => new OpeningPeriodRow
            {
                Id = Guid.NewGuid(), OwnerKind = HoursOwner.Unit, OwnerId = unitId, Weekday = (int)p.Day, Opens = p.Open, Closes = p.Close,
            }));
        }, ct);

    /// <summary>Adds an exception on a date that has none yet; returns its id.</summary>
    public Task<Result<Guid>> AddExceptionAsync(Guid unitId, ExceptionValues v, CancellationToken ct) =>
        unit.RunAsync(async c =>
        {
            if (await db.Set<OpeningExceptionRow>().AnyAsync(e => e.OwnerKind == HoursOwner.Unit && e.OwnerId == unitId && e.Date == v.Date, c))
            {
                return Error.Validation(DuplicateException, "Date");
            }

            var id = Guid.NewGuid();
            db.Set<OpeningExceptionRow>().Add(new OpeningExceptionRow
            {
                Id = id, OwnerKind = HoursOwner.Unit, OwnerId = unitId, Date = v.Date, Closed = v.Closed,
                Opens = v.Closed ? null : v.Opens, Closes = v.Closed ? null : v.Closes, Note = v.Note,
            });
            return Result<Guid>.Ok(id);
        }, ct);

    /// <summary>Deletes one of the unit's exceptions; one already gone (or another unit's) changes nothing.</summary>
    public Task DeleteExceptionAsync(Guid unitId, Guid exceptionId, CancellationToken ct) =>
        unit.RunAsync(c => db.Set<OpeningExceptionRow>()
            .Where(e => e.Id == exceptionId && e.OwnerKind == HoursOwner.Unit && e.OwnerId == unitId).ExecuteDeleteAsync(c), ct);

    /// <summary>Saves the insert now, so that a unique key taken meanwhile is the given failure rather than an exception.</summary>
    private async Task<Result<T>> SavedOrAsync<T>(T value, Error taken, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return value;
        }
        catch (DbUpdateException)
        {
            return taken;
        }
    }
}
