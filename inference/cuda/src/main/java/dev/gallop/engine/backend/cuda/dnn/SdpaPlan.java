package dev.gallop.engine.backend.cuda.dnn;

import static dev.gallop.engine.backend.cuda.dnn.Cudnn.*;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.gallop.engine.backend.cuda.ffm.CudaException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/// cuDNN's fused scaled-dot-product attention (forward, inference, no mask), built through the backend API with
/// the operation graph cuDNN's frontend emits for its composite SDPA node:
///
/// ```
/// S  = matmul(Q, Kᵀ)            f32, virtual      Q [1, Hq, Sq, D], Kᵀ [1, Hkv, D, Skv] (GQA broadcast)
/// S' = S · scale                pointwise MUL, scale passed by value
/// M  = max over keys (S')       reduction MAX     [1, Hq, Sq, 1]
/// E  = exp(S' − M)              pointwise SUB, EXP
/// Z  = sum over keys (E)        reduction ADD
/// P  = E / Z                    pointwise DIV, stored as the I/O type (bf16)
/// O  = matmul(P, V)                               O [1, Hq, Sq, D]
/// ```
///
/// cuDNN's runtime-fusion engine recognises the pattern and runs one flash-attention kernel; the heuristics' first
/// engine configuration that finalizes is used. Tensors are in the engine's token-major layout ([S, H, D] rows), so
/// the strides put the head axis second. One plan per shape; [#run] enqueues on the handle's stream.
public final class SdpaPlan implements AutoCloseable {
    /// UIDs of the non-virtual tensors in the variant pack.
    static final long UID_Q = 1, UID_K = 2, UID_V = 3, UID_O = 4, UID_SCALE = 5;

    /// @param dataType cuDNN data type of Q, K, V, O ([Cudnn#DATA_BFLOAT16] or [Cudnn#DATA_HALF])
    public record Key(int heads, int kvHeads, int queries, int keys, int headDim, int dataType, float scale) {
        public Key {
            if (heads <= 0 || kvHeads <= 0 || heads % kvHeads != 0) {
                throw new IllegalArgumentException("SDPA needs query heads (" + heads + ") to be a multiple of kv heads (" + kvHeads + ")");
            }
            if (queries <= 0 || keys <= 0 || headDim <= 0 || headDim % 8 != 0) {
                throw new IllegalArgumentException("SDPA shape: " + queries + " queries, " + keys + " keys, head dim " + headDim
                        + " (must be a positive multiple of 8)");
            }
        }
    }

    private final Cudnn dnn;
    private final MemorySegment handle;
    private final Key key;
    private final Arena arena = Arena.ofShared();
    private final List<MemorySegment> owned = new ArrayList<>();
    private final MemorySegment plan, scaleValue;
    private final long workspaceBytes;

    public SdpaPlan(Cudnn dnn, MemorySegment handle, Key key) {
        this.dnn = dnn;
        this.handle = handle;
        this.key = key;
        long b = 1, hq = key.heads(), hk = key.kvHeads(), sq = key.queries(), sk = key.keys(), d = key.headDim();
        int io = key.dataType();
        MemorySegment q = tensor(UID_Q, io, false, new long[] {b, hq, sq, d}, new long[] {sq * hq * d, d, hq * d, 1});
        MemorySegment kt = tensor(UID_K, io, false, new long[] {b, hk, d, sk}, new long[] {sk * hk * d, d, 1, hk * d});
        MemorySegment v = tensor(UID_V, io, false, new long[] {b, hk, sk, d}, new long[] {sk * hk * d, d, hk * d, 1});
        MemorySegment o = tensor(UID_O, io, false, new long[] {b, hq, sq, d}, new long[] {sq * hq * d, d, hq * d, 1});
        MemorySegment scale = scalar(UID_SCALE);
        long[] full = {b, hq, sq, sk}, fullStride = {hq * sq * sk, sq * sk, sk, 1};
        long[] row = {b, hq, sq, 1}, rowStride = {hq * sq, sq, 1, 1};
        MemorySegment s = tensor(101, DATA_FLOAT, true, full, fullStride);
        MemorySegment s2 = tensor(102, DATA_FLOAT, true, full, fullStride);
        MemorySegment m = tensor(103, DATA_FLOAT, true, row, rowStride);
        MemorySegment s3 = tensor(104, DATA_FLOAT, true, full, fullStride);
        MemorySegment e = tensor(105, DATA_FLOAT, true, full, fullStride);
        MemorySegment z = tensor(106, DATA_FLOAT, true, row, rowStride);
        MemorySegment p = tensor(107, io, true, full, fullStride);

        MemorySegment[] ops = {
                matmul(q, kt, s), pointwise(PW_MUL, s, scale, s2), reduction(REDUCE_MAX, s2, m), pointwise(PW_SUB, s2, m, s3),
                pointwise(PW_EXP, s3, null, e), reduction(REDUCE_ADD, e, z), pointwise(PW_DIV, e, z, p), matmul(p, v, o)};
        MemorySegment graph = own(dnn.create(OPERATIONGRAPH_DESCRIPTOR));
        dnn.setHandle(graph, ATTR_OPERATIONGRAPH_HANDLE, handle);
        dnn.setDescriptors(graph, ATTR_OPERATIONGRAPH_OPS, ops);
        dnn.finalizeDescriptor(graph, "SDPA operation graph");

        plan = choosePlan(graph);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ws = a.allocate(JAVA_LONG);
            dnn.get(plan, ATTR_EXECUTION_PLAN_WORKSPACE_SIZE, TYPE_INT64, 1, ws);
            workspaceBytes = ws.get(JAVA_LONG, 0);
        }
        scaleValue = arena.allocate(JAVA_FLOAT);
        scaleValue.set(JAVA_FLOAT, 0, key.scale());
    }

    public Key key() { return key; }

    public long workspaceBytes() { return workspaceBytes; }

    /// 4·Sq·Skv·D·Hq: the two matmuls' multiply-adds.
    public double flops() { return 4.0 * key.queries() * key.keys() * key.headDim() * key.heads(); }

    /// Enqueues O = softmax(scale · Q Kᵀ) V; pointers are device addresses of token-major [S, H, D] tensors.
    public void run(long q, long k, long v, long o, long workspace) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment pack = dnn.create(VARIANT_PACK_DESCRIPTOR);
            try {
                dnn.set(pack, ATTR_VARIANT_PACK_UNIQUE_IDS, TYPE_INT64, 5, a.allocateFrom(JAVA_LONG, UID_Q, UID_K, UID_V, UID_O, UID_SCALE));
                dnn.setPointers(pack, ATTR_VARIANT_PACK_DATA_POINTERS, MemorySegment.ofAddress(q), MemorySegment.ofAddress(k),
                        MemorySegment.ofAddress(v), MemorySegment.ofAddress(o), scaleValue);
                dnn.setPointers(pack, ATTR_VARIANT_PACK_WORKSPACE, MemorySegment.ofAddress(workspace));
                dnn.finalizeDescriptor(pack, "SDPA variant pack");
                dnn.execute(handle, plan, pack);
            } finally {
                dnn.destroy(pack);
            }
        }
    }

    private MemorySegment choosePlan(MemorySegment graph) {
        MemorySegment heur = own(dnn.create(ENGINEHEUR_DESCRIPTOR));
        dnn.setDescriptors(heur, ATTR_ENGINEHEUR_OPERATION_GRAPH, graph);
        dnn.setEnum(heur, ATTR_ENGINEHEUR_MODE, TYPE_HEUR_MODE, HEUR_MODE_A);
        dnn.finalizeDescriptor(heur, "SDPA engine heuristics");
        long count = dnn.get(heur, ATTR_ENGINEHEUR_RESULTS, TYPE_BACKEND_DESCRIPTOR, 0, MemorySegment.NULL);
        if (count <= 0) throw new CudaException("cudnnBackendGetAttribute(ENGINEHEUR_RESULTS)", 3000,
                "CUDNN_STATUS_NOT_SUPPORTED", "cuDNN has no engine for the SDPA graph " + key);
        MemorySegment configs = arena.allocate(ADDRESS, count);
        for (int i = 0; i < count; i++) configs.setAtIndex(ADDRESS, i, own(dnn.create(ENGINECFG_DESCRIPTOR)));
        long got = dnn.get(heur, ATTR_ENGINEHEUR_RESULTS, TYPE_BACKEND_DESCRIPTOR, count, configs);
        int last = 0;
        for (int i = 0; i < got; i++) {
            MemorySegment candidate = dnn.create(EXECUTION_PLAN_DESCRIPTOR);
            dnn.setHandle(candidate, ATTR_EXECUTION_PLAN_HANDLE, handle);
            dnn.setDescriptors(candidate, ATTR_EXECUTION_PLAN_ENGINE_CONFIG, configs.getAtIndex(ADDRESS, i));
            last = dnn.tryFinalize(candidate);
            if (last == 0) return own(candidate);
            dnn.destroy(candidate);
        }
        throw new CudaException("cudnnBackendFinalize(execution plan)", last, CudnnStatus.name(last),
                "none of cuDNN's " + got + " engine configurations runs the SDPA graph " + key);
    }

    private MemorySegment own(MemorySegment desc) {
        owned.add(desc);
        return desc;
    }

    private MemorySegment tensor(long uid, int dataType, boolean virtual, long[] dims, long[] strides) {
        return tensor(uid, dataType, dims, strides, ATTR_TENSOR_IS_VIRTUAL, virtual, "tensor " + uid);
    }

    /// The scale: an f32 scalar passed by value in the variant pack.
    private MemorySegment scalar(long uid) {
        long[] ones = {1, 1, 1, 1};
        return tensor(uid, DATA_FLOAT, ones, ones, ATTR_TENSOR_IS_BY_VALUE, true, "scale tensor");
    }

    /// A finalized tensor descriptor, 16-byte aligned, with one boolean flag (virtual, or by value) set.
    private MemorySegment tensor(long uid, int dataType, long[] dims, long[] strides, int flag, boolean value, String what) {
        MemorySegment t = own(dnn.create(TENSOR_DESCRIPTOR));
        dnn.setEnum(t, ATTR_TENSOR_DATA_TYPE, TYPE_DATA_TYPE, dataType);
        dnn.setInt64s(t, ATTR_TENSOR_DIMENSIONS, dims);
        dnn.setInt64s(t, ATTR_TENSOR_STRIDES, strides);
        dnn.setInt64s(t, ATTR_TENSOR_UNIQUE_ID, uid);
        dnn.setInt64s(t, ATTR_TENSOR_BYTE_ALIGNMENT, 16);
        dnn.setBoolean(t, flag, value);
        dnn.finalizeDescriptor(t, what);
        return t;
    }

    private MemorySegment matmul(MemorySegment a, MemorySegment b, MemorySegment c) {
        MemorySegment desc = own(dnn.create(MATMUL_DESCRIPTOR));
        dnn.setEnum(desc, ATTR_MATMUL_COMP_TYPE, TYPE_DATA_TYPE, DATA_FLOAT);
        dnn.finalizeDescriptor(desc, "matmul");
        return operation(OPERATION_MATMUL_DESCRIPTOR, "matmul operation",
                new int[] {ATTR_OPERATION_MATMUL_ADESC, ATTR_OPERATION_MATMUL_BDESC, ATTR_OPERATION_MATMUL_CDESC, ATTR_OPERATION_MATMUL_DESC},
                a, b, c, desc);
    }

    private MemorySegment pointwise(int mode, MemorySegment x, MemorySegment bIn, MemorySegment y) {
        MemorySegment desc = f32Operator(POINTWISE_DESCRIPTOR, ATTR_POINTWISE_MODE, TYPE_POINTWISE_MODE, mode, ATTR_POINTWISE_MATH_PREC,
                "pointwise " + mode);
        return operation(OPERATION_POINTWISE_DESCRIPTOR, "pointwise operation " + mode,
                new int[] {ATTR_OPERATION_POINTWISE_PW_DESCRIPTOR, ATTR_OPERATION_POINTWISE_XDESC, ATTR_OPERATION_POINTWISE_BDESC,
                        ATTR_OPERATION_POINTWISE_YDESC},
                desc, x, bIn, y);
    }

    private MemorySegment reduction(int operator, MemorySegment x, MemorySegment y) {
        MemorySegment desc = f32Operator(REDUCTION_DESCRIPTOR, ATTR_REDUCTION_OPERATOR, TYPE_REDUCTION_OPERATOR_TYPE, operator,
                ATTR_REDUCTION_COMP_TYPE, "reduction " + operator);
        return operation(OPERATION_REDUCTION_DESCRIPTOR, "reduction operation " + operator,
                new int[] {ATTR_OPERATION_REDUCTION_XDESC, ATTR_OPERATION_REDUCTION_YDESC, ATTR_OPERATION_REDUCTION_DESC},
                x, y, desc);
    }

    /// A finalized pointwise or reduction descriptor: `operatorAttribute` (of enum type `operatorType`) set to
    /// `operator`, computing in f32 (`mathAttribute`).
    private MemorySegment f32Operator(int type, int operatorAttribute, int operatorType, int operator, int mathAttribute, String what) {
        MemorySegment desc = own(dnn.create(type));
        dnn.setEnum(desc, operatorAttribute, operatorType, operator);
        dnn.setEnum(desc, mathAttribute, TYPE_DATA_TYPE, DATA_FLOAT);
        dnn.finalizeDescriptor(desc, what);
        return desc;
    }

    /// A finalized operation node of `type` with `attributes[i]` set to `descriptors[i]` in order (null ones left unset).
    private MemorySegment operation(int type, String what, int[] attributes, MemorySegment... descriptors) {
        MemorySegment op = own(dnn.create(type));
        for (int i = 0; i < attributes.length; i++) {
            if (descriptors[i] != null) dnn.setDescriptors(op, attributes[i], descriptors[i]);
        }
        dnn.finalizeDescriptor(op, what);
        return op;
    }

    @Override public void close() {
        for (int i = owned.size() - 1; i >= 0; i--) dnn.destroy(owned.get(i));
        owned.clear();
        arena.close();
    }
}
