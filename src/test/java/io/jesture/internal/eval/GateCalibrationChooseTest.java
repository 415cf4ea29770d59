package io.jesture.internal.eval;

import io.jesture.Rejection;
import io.jesture.internal.eval.GateCalibration.Point;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which candidate becomes a point: the quietest admissible one, ties going to the cheapest on the tuning streams. */
class GateCalibrationChooseTest {

    private static final Duration DELAY = Duration.ofMillis(250);

    private static Point point(double maxBackground, double minLse, double quiet, double recall, double lev, double fa) {
        Rejection gate = Rejection.builder().maxBackground(maxBackground).minLogSumExp(minLse).build();
        return new Point(gate, quiet, Double.NaN, recall, lev, fa, 100, Double.NaN, new double[0], false);
    }

    /** A candidate that meets the quiet targets, or not. */
    private static Point point(double maxBackground, double minLse, double quiet, double recall, double lev, double fa,
                               boolean meetsTargets) {
        Rejection gate = Rejection.builder().maxBackground(maxBackground).minLogSumExp(minLse).build();
        return new Point(gate, quiet, Double.NaN, recall, lev, fa, 100, Double.NaN, new double[0], meetsTargets);
    }

    private static final Point OFF = new Point(Rejection.OFF, 0.23, Double.NaN, 1.0, 0.99, 0.34, 100, Double.NaN, new double[0], false);

    private static Point strict(Point... candidates) {
        List<Point> all = new ArrayList<>(List.of(candidates));
        all.sort(GateCalibration.LOOSER_FIRST);
        return GateCalibration.chooseMeetingTargets(all, OFF, 0.05, DELAY, 1);
    }

    private static Point choose(double recallLoss, Point... candidates) {
        List<Point> all = new ArrayList<>(List.of(candidates));
        all.sort(GateCalibration.LOOSER_FIRST);
        return GateCalibration.choose(all, OFF, recallLoss, DELAY, 1);
    }

    @Test
    void theQuietestAdmissibleCandidateWins() {
        Point loud = point(0.07, 4.05, 0.05, 1.0, 0.99, 0.34);
        Point quiet = point(0.015, 3.85, 0.0, 0.96, 0.96, 0.0);
        assertSame(quiet, choose(0.05, loud, quiet));
        // Not admissible at no recall loss: the louder one it is.
        assertSame(loud, choose(0, loud, quiet));
    }

    @Test
    void amongEquallyQuietCandidatesTheOneThatKeepsMoreGesturesWins() {
        Point loosest = point(0.015, 3.85, 0.0, 0.961, 0.961, 0.0);
        Point tighterButCheaper = point(0.01, 4.2, 0.0, 0.98, 0.98, 0.0);
        assertSame(tighterButCheaper, choose(0.05, loosest, tighterButCheaper));
    }

    @Test
    void equalLevenshteinGoesToRecallThenFalseActivations() {
        Point a = point(0.02, 3.9, 0.0, 0.96, 0.97, 0.0);
        Point b = point(0.01, 4.0, 0.0, 0.97, 0.97, 0.0);
        assertSame(b, choose(0.05, a, b));
        Point c = point(0.02, 3.9, 0.0, 0.97, 0.97, 0.2);
        Point d = point(0.01, 4.0, 0.0, 0.97, 0.97, 0.1);
        assertSame(d, choose(0.25, c, d));
    }

    @Test
    void aCompleteTieGoesToTheLooserGate() {
        Point looser = point(0.03, 3.9, 0.0, 0.97, 0.97, 0.0);
        Point tighter = point(0.01, 4.2, 0.0, 0.97, 0.97, 0.0);
        assertSame(looser, choose(0.05, tighter, looser));
    }

    @Test
    void nothingQuieterThanOffKeepsOff() {
        Point same = point(0.5, 3.0, 0.23, 1.0, 0.99, 0.34);
        assertSame(OFF, choose(0.05, same));
    }

    @Test
    void strictTakesTheCheapestCandidateThatMeetsTheTargetsNotTheQuietest() {
        Point silent = point(0.015, 3.85, 0.0, 0.961, 0.961, 0.0, true);
        Point enough = point(0.03, 3.85, 0.005, 0.98, 0.98, 0.0, true);
        Point loud = point(0.07, 4.05, 0.05, 1.0, 0.99, 0.0, false);
        assertSame(enough, strict(silent, enough, loud));
        // The quietest rule still picks silence.
        assertSame(silent, choose(0.05, silent, enough, loud));
    }

    @Test
    void strictAmongEquallyCheapCandidatesTakesTheQuieterThenTheLooser() {
        Point a = point(0.03, 3.85, 0.005, 0.98, 0.98, 0.0, true);
        Point b = point(0.02, 3.85, 0.0, 0.98, 0.98, 0.0, true);
        assertSame(b, strict(a, b));
        Point looser = point(0.03, 3.85, 0.0, 0.98, 0.98, 0.0, true);
        assertSame(looser, strict(b, looser));
    }

    @Test
    void strictWithNoCandidateMeetingTheTargetsIsNull() {
        assertNull(strict(point(0.07, 4.05, 0.05, 1.0, 0.99, 0.0, false)));
        // Nor one that gives up more than strict's limits.
        assertNull(strict(point(0.005, 4.5, 0.0, 0.90, 0.90, 0.0, true)));
    }

    @Test
    void theTargetsAreNoneOnAPatternAndAFifthPerMinuteElsewhere() {
        boolean[] pattern = {true, false, false};
        assertTrue(GateCalibration.meetsTargets(new double[] {0, 0.2, 0.1}, pattern, 0.25));
        assertFalse(GateCalibration.meetsTargets(new double[] {0.05, 0, 0}, pattern, 0.0));
        assertFalse(GateCalibration.meetsTargets(new double[] {0, 0.21, 0}, pattern, 0.0));
        assertFalse(GateCalibration.meetsTargets(new double[] {0, 0, 0}, pattern, 0.26));
        assertTrue(GateCalibration.meetsTargets(new double[] {0, 0, 0}, pattern, Double.NaN));
    }

    /** A candidate with the real positives' recall {@code real}, beside an ungated point with {@code offReal}. */
    private static Point withReal(double maxBackground, double quiet, double real) {
        Rejection gate = Rejection.builder().maxBackground(maxBackground).build();
        return new Point(gate, quiet, Double.NaN, 1.0, 0.99, 0.34, 100, real, new double[0], true);
    }

    @Test
    void theRealRecallConstraintHoldsBackCandidatesThatLoseRealGestures() {
        Point off = new Point(Rejection.OFF, 0.23, Double.NaN, 1.0, 0.99, 0.34, 100, 0.307, new double[0], false);
        Point keeps = withReal(0.2, 0.22, 0.273);
        Point loses = withReal(0.015, 0.0, 0.045);
        assertTrue(GateCalibration.keepsReal(keeps, off, 0.05));
        assertFalse(GateCalibration.keepsReal(loses, off, 0.05));
        // without real clips (NaN) the constraint does not apply
        Point noReal = new Point(Rejection.OFF, 0.23, Double.NaN, 1.0, 0.99, 0.34, 100, Double.NaN, new double[0], false);
        assertTrue(GateCalibration.keepsReal(loses, noReal, 0.05));
        // both choices honour it: the quieter candidate loses real gestures, so the louder one is chosen
        List<Point> all = new ArrayList<>(List.of(keeps, loses));
        all.sort(GateCalibration.LOOSER_FIRST);
        assertSame(keeps, GateCalibration.choose(all, off, 0.05, DELAY, 0.05));
        assertSame(keeps, GateCalibration.chooseMeetingTargets(all, off, 0.05, DELAY, 0.05));
        // and with the constraint lifted the quieter one wins
        assertSame(loses, GateCalibration.choose(all, off, 0.05, DELAY, 1));
    }
}
