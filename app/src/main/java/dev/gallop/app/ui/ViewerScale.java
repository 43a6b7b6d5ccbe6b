package dev.gallop.app.ui;

/// How the viewer fits a picture of `w`×`h` into its area: as large as the area allows, aspect kept, small pictures
/// enlarged as well as big ones shrunk (a 64×64 or 128×128 clip fills the viewer, it is not a stamp in its middle).
///
/// From twice its size up a picture is enlarged by nearest neighbour, here, to whole screen pixels: the flat-coloured
/// shapes of the demo model keep hard edges (a smooth enlargement by 3× or more blurs each edge over several pixels),
/// and doing it here makes that so whatever the graphics pipeline does with `setSmooth`. Its pixels are blocks of
/// equal size to within one screen pixel. Below 2× the ImageView scales smoothly: there uneven blocks of one and two
/// screen pixels would show, and a smooth scale blurs little.
///
/// @param width  the fitted width in the viewer (whole pixels when `crisp`)
/// @param height the fitted height
/// @param crisp  whether the picture is enlarged to `width`×`height` by nearest neighbour before it is shown
record ViewerScale(double width, double height, boolean crisp) {
    /// Enlargements of at least this factor are made by nearest neighbour.
    static final double CRISP_FROM = 2;

    static ViewerScale fit(int w, int h, double areaWidth, double areaHeight) {
        double k = Math.min(areaWidth / w, areaHeight / h);
        if (!(k > 0)) return new ViewerScale(0, 0, false);
        if (k >= CRISP_FROM) return new ViewerScale(whole(w * k), whole(h * k), true);
        return new ViewerScale(w * k, h * k, false);
    }

    /// The whole pixels within `x` (a side that should be the area's exactly is not lost to rounding).
    private static double whole(double x) { return Math.max(1, Math.floor(x + 1e-9)); }
}
