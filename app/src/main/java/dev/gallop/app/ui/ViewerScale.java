package dev.gallop.app.ui;

/// How the viewer fits a picture of `w`×`h` into its area, aspect kept. A picture that fits at least twice is
/// enlarged by the largest whole factor that fits, each pixel a square block (the demo model's 64×64 clips and latent
/// pictures stay crisp and every pixel the same size); a bigger one fills the area, smoothly scaled.
///
/// @param factor the whole enlargement, or 0 when the picture is scaled smoothly to `width`×`height`
record ViewerScale(double width, double height, int factor) {
    static ViewerScale fit(int w, int h, double areaWidth, double areaHeight) {
        double k = Math.min(areaWidth / w, areaHeight / h);
        if (!(k > 0)) return new ViewerScale(0, 0, 0);
        if (k >= 2) {
            int f = (int) Math.floor(k);
            return new ViewerScale(w * f, h * f, f);
        }
        return new ViewerScale(w * k, h * k, 0);
    }
}
