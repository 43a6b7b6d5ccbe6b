package dev.gallop.engine.media;

import dev.gallop.engine.pipeline.DecodedAudio;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

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
        Path dir = out.toAbsolutePath().getParent();
        if (dir != null) Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + out.getFileName() + ".", ".part");
        try (OutputStream os = Files.newOutputStream(tmp)) {
            os.write(b.array());
        }
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
