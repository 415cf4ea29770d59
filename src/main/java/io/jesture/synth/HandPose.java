package io.jesture.synth;

/**
 * The performing hand at one frame, in image pixels, from the renderer's own pose track: what tests
 * (and evaluation tools) check motion against.
 *
 * @param x          palm centre of the unrolled hand, pixels from the left edge (a roll pivots the
 *                   hand about the wrist, so the drawn palm moves while this stays)
 * @param y          palm centre of the unrolled hand, pixels from the top edge
 * @param scale      palm width in pixels (grows when the hand comes toward the camera)
 * @param angle      in-plane rotation in radians, positive = clockwise as seen in the unmirrored image
 * @param roll       rotation about the hand's horizontal axis in radians, positive = fingertips toward
 *                   the camera; |roll| > pi/2 shows the back of the hand
 * @param openness   mean extension of the four fingers, 0 = fist, 1 = straight
 * @param spread     finger fan-out, 0 = together, 1 = spread
 * @param pinchGap   distance between thumb tip and index tip, in palm widths
 * @param thumbUp    the thumb tip's height above the palm centre, in palm widths (negative = below)
 * @param performing whether the frame is inside the performed phase of a gesture
 */
public record HandPose(double x, double y, double scale, double angle, double roll, double openness,
                       double spread, double pinchGap, double thumbUp, boolean performing) {
}
