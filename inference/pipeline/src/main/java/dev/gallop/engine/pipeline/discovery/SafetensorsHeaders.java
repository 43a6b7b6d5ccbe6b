package dev.gallop.engine.pipeline.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gallop.engine.io.safetensors.SafetensorsFile;
import dev.gallop.engine.io.safetensors.TensorInfo;
import dev.gallop.engine.io.zstd.ZstdFiles;
import dev.gallop.engine.tensor.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/// Tensor shapes from safetensors headers, for plain shards (validated by [SafetensorsFile], which also catches a
/// file shorter than its header says) and for zstd-compressed shards (only the header is decompressed; the frame's
/// declared size, when recorded, is compared with what the header needs).
final class SafetensorsHeaders {
    private SafetensorsHeaders() {}

    private static final ObjectMapper JSON = new ObjectMapper();
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
        JsonNode root;
        try {
            root = JSON.readTree(new String(all, 8, (int) len, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IOException(zst + ": safetensors header is not valid JSON: " + e.getMessage(), e);
        }
        Map<String, Shape> out = new LinkedHashMap<>();
        long dataEnd = 0;
        for (var e : root.properties()) {
            if (e.getKey().equals("__metadata__")) continue;
            JsonNode sh = e.getValue().path("shape"), off = e.getValue().path("data_offsets");
            long[] dims = new long[sh.size()];
            for (int i = 0; i < dims.length; i++) dims[i] = sh.get(i).asLong();
            try {
                out.put(e.getKey(), Shape.of(dims));
            } catch (IllegalArgumentException x) {
                throw new IOException(zst + ": tensor '" + e.getKey() + "' has an invalid shape " + sh);
            }
            dataEnd = Math.max(dataEnd, off.path(1).asLong(0));
        }
        long declared = ZstdFiles.declaredSize(zst);
        if (declared >= 0 && declared < 8 + len + dataEnd) {
            throw new IOException(zst + ": decompresses to " + declared + " bytes but its header needs " + (8 + len + dataEnd)
                    + " (truncated shard)");
        }
        return out;
    }
}
