package dev.gallop.engine.pipeline.discovery;

import dev.gallop.engine.io.safetensors.SafetensorsFile;
import dev.gallop.engine.io.safetensors.SafetensorsHeader;
import dev.gallop.engine.io.safetensors.TensorInfo;
import dev.gallop.engine.io.zstd.ZstdFiles;
import dev.gallop.engine.tensor.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/// Tensor shapes from safetensors headers, for plain shards (validated by [SafetensorsFile], which also catches a
/// file shorter than its header says) and for zstd-compressed shards (only the header is decompressed; the frame's
/// declared size, when recorded, is compared with what the header needs).
final class SafetensorsHeaders {
    private SafetensorsHeaders() {}

    private static final int MAX_HEADER = 100 << 20;

    static Map<String, Shape> read(Path shard) throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(shard)) {
            Map<String, Shape> out = new LinkedHashMap<>();
            for (TensorInfo i : f.tensors().values()) out.put(i.name(), i.shape());
            return out;
        }
    }

    static Map<String, Shape> readZst(Path zst) throws IOException {
        byte[] head = ZstdFiles.prefix(zst, 8);
        if (head.length < 8) throw new IOException(zst + ": decompresses to only " + head.length + " bytes; not a safetensors shard");
        long len = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (len <= 0 || len > MAX_HEADER) throw new IOException(zst + ": invalid safetensors header length " + len + " after decompression");
        byte[] all = ZstdFiles.prefix(zst, (int) (8 + len));
        if (all.length < 8 + len) throw new IOException(zst + ": truncated: ends inside the safetensors header");
        long declared = ZstdFiles.declaredSize(zst);
        long dataSize = declared >= 0 ? declared - 8 - len : -1;
        if (declared >= 0 && dataSize < 0) {
            throw new IOException(zst + ": decompresses to " + declared + " bytes, less than its " + (8 + len) + "-byte header (truncated shard)");
        }
        // the same rules as a plain shard (SafetensorsHeader); a data section shorter than the tensors need is a
        // truncated shard, one of unknown size is checked when it is unpacked
        SafetensorsHeader h = SafetensorsHeader.parse(zst, java.util.Arrays.copyOfRange(all, 8, (int) (8 + len)), -1);
        if (dataSize >= 0 && dataSize != h.dataEnd()) {
            throw new IOException(zst + ": decompresses to " + declared + " bytes but its header needs " + (8 + len + h.dataEnd())
                    + (dataSize < h.dataEnd() ? " (truncated shard)" : " (bytes after the last tensor)"));
        }
        Map<String, Shape> out = new LinkedHashMap<>();
        for (TensorInfo i : h.tensors().values()) out.put(i.name(), i.shape());
        return out;
    }
}
