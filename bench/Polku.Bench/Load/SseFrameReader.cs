using System.Buffers.Text;
using System.Diagnostics;
using System.Text;

namespace Polku.Bench.Load;

/// <summary>
/// One server-sent event as the bench received it: the <c>id:</c> (null when the frame has none or it is not a whole
/// number), the <c>event:</c> type ("message" when absent), the <c>data:</c> lines joined with '\n', and the
/// <see cref="Stopwatch"/> timestamp of the read that completed the frame.
/// </summary>
public readonly record struct SseFrame(long? Id, string Event, string Data, long ReceivedTimestamp);

/// <summary>What a <see cref="SseFrameReader"/> hands its frames and comments to, on the reading task.</summary>
public interface ISseSink
{
    /// <summary>A comment line (<c>: text</c>), e.g. the app's <c>: connected</c> and <c>: heartbeat</c>.</summary>
    void OnComment(ReadOnlySpan<byte> text, long receivedTimestamp);

    /// <summary>A dispatched event (a block with at least one <c>data:</c> line, as a browser's EventSource dispatches).</summary>
    void OnFrame(in SseFrame frame);
}

/// <summary>
/// Parses a <c>text/event-stream</c> body line by line from one reusable buffer (1 KiB, grown only for a longer line):
/// per read no allocation beyond the frame's event type and data strings. The timestamp is taken when the read returns,
/// before parsing, so a frame's receipt time is when its last byte reached the bench.
/// </summary>
public static class SseFrameReader
{
    private const int InitialBuffer = 1024;

    /// <summary>Reads until the stream ends (returns) or <paramref name="cancellationToken"/> fires (throws).</summary>
    public static async Task ReadAsync(Stream stream, ISseSink sink, CancellationToken cancellationToken)
    {
        var buffer = new byte[InitialBuffer];
        var filled = 0;
        var frame = new PendingFrame();
        var names = new EventNames();
        while (true)
        {
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
            if (read == 0)
            {
                return;
            }

            var received = Stopwatch.GetTimestamp();
            filled += read;
            var consumed = Parse(buffer.AsSpan(0, filled), ref frame, ref names, sink, received);
            if (consumed > 0)
            {
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
            }
        }
    }

    /// <summary>Handles every whole line in <paramref name="data"/>; returns the bytes consumed.</summary>
    private static int Parse(ReadOnlySpan<byte> data, ref PendingFrame frame, ref EventNames names, ISseSink sink, long received)
    {
        var position = 0;
        while (true)
        {
            var newline = data[position..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                return position;
            }

            var line = data.Slice(position, newline);
            position += newline + 1;
            if (line.Length > 0 && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }

            if (line.IsEmpty)
            {
                if (frame.Data is not null)
                {
                    sink.OnFrame(new SseFrame(frame.Id, frame.Event ?? "message", frame.Data, received));
                }

                frame = default;
                continue;
            }

            if (line[0] == (byte)':')
            {
                var comment = line[1..];
                sink.OnComment(comment.Length > 0 && comment[0] == (byte)' ' ? comment[1..] : comment, received);
                continue;
            }

            var colon = line.IndexOf((byte)':');
            var name = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? [] : line[(colon + 1)..];
            if (value.Length > 0 && value[0] == (byte)' ')
            {
                value = value[1..];
            }

            if (name.SequenceEqual("id"u8))
            {
                frame.Id = Utf8Parser.TryParse(value, out long id, out var length) && length == value.Length ? id : null;
            }
            else if (name.SequenceEqual("event"u8))
            {
                frame.Event = names.Text(value);
            }
            else if (name.SequenceEqual("data"u8))
            {
                var text = Encoding.UTF8.GetString(value);
                frame.Data = frame.Data is null ? text : frame.Data + "\n" + text;
            }

            // retry: and unknown fields are ignored, as a browser does.
        }
    }

    private struct PendingFrame
    {
        public long? Id;
        public string? Event;
        public string? Data;
    }

    /// <summary>The last event type seen, reused while the bytes are the same (a stream carries few distinct types).</summary>
    private struct EventNames
    {
        private byte[]? bytes;
        private string? text;

        public string Text(ReadOnlySpan<byte> value)
        {
            if (text is null || bytes is null || !value.SequenceEqual(bytes))
            {
                bytes = value.ToArray();
                text = Encoding.UTF8.GetString(value);
            }

            return text;
        }
    }
}
