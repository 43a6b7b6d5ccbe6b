package dev.gallop.engine.media;

import dev.gallop.engine.io.output.AtomicOutput;
import dev.gallop.engine.pipeline.DecodedAudio;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/// 32-bit float WAV (WAVE_FORMAT_IEEE_FLOAT), written atomically.
public final class WavWriter {
    private WavWriter() {}

    public static void write(Path out, DecodedAudio a) throws IOException {
        int dataBytes = a.samples().length * 4;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + dataBytes)
         .put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
         .put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16).putShort((short) 3).putShort((short) a.channels())
         .putInt(a.sampleRate()).putInt(a.sampleRate() * a.channels() * 4).putShort((short) (a.channels() * 4)).putShort((short) 32)
         .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(dataBytes);
        for (float s : a.samples()) b.putFloat(s);
        AtomicOutput.write(out, b.array());
    }
}
