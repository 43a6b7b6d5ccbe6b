package dev.gallop.engine.backend.cuda.ffm;

/// A failed call into the CUDA driver, cuBLASLt or cuDNN: names the call and the status by its C name.
public final class CudaException extends RuntimeException {
    private final String call;
    private final int code;
    private final String status;

    public CudaException(String call, int code, String status, String detail) {
        super(call + " failed: " + status + " (" + code + ")" + (detail == null || detail.isBlank() ? "" : ": " + detail));
        this.call = call;
        this.code = code;
        this.status = status;
    }

    public String call() { return call; }

    public int code() { return code; }

    /// The status's C name, e.g. "CUDA_ERROR_OUT_OF_MEMORY", "CUBLAS_STATUS_NOT_SUPPORTED".
    public String status() { return status; }
}
