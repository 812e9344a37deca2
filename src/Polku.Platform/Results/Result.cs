namespace Polku.Platform.Results;

/// <summary>
/// An expected failure with a stable code (for example <c>booking.slot_taken</c>). The code keys the
/// localised message and the ProblemDetails type; <see cref="Field"/> names the input at fault, if any.
/// </summary>
public sealed record Error(string Code, string? Field = null, int Status = 400)
{
    public static Error Validation(string code, string field) => new(code, field, 400);
    public static Error NotFound(string code) => new(code, null, 404);
    public static Error Conflict(string code) => new(code, null, 409);
    public static Error Forbidden(string code = "auth.forbidden") => new(code, null, 403);
}

/// <summary>The outcome of an operation whose failures are expected: a value or an <see cref="Error"/>.</summary>
public readonly record struct Result<T>
{
    private Result(T? value, Error? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }
    public Error? Error { get; }
    public bool IsSuccess => Error is null;

    public static Result<T> Ok(T value) => new(value, null);
    public static Result<T> Fail(Error error) => new(default, error);

    public static implicit operator Result<T>(T value) => Ok(value);
    public static implicit operator Result<T>(Error error) => Fail(error);
}
