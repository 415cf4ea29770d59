package io.jesture.internal.eval;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Scores a stream of gesture events against a scripted stream's ground truth: the online numbers a
 * user feels. Pure and deterministic, so it is tested on hand-made sequences.
 *
 * <ul>
 *   <li><b>Levenshtein accuracy</b>, as Real-time-GesRec measures it: {@code 1 - d(pred, truth) / |truth|},
 *       where the sequences are the gesture labels in time order and background labels are dropped
 *       from the truth.</li>
 *   <li><b>Precision / recall</b>: an event matches a true gesture of the same label when it is
 *       detected between the gesture's start and {@code end + tolerance}; each side matches at most
 *       once, earliest first.</li>
 *   <li><b>False activations per minute of rest</b>: events detected outside every true gesture's
 *       window (start .. end + tolerance), per minute of the stream outside those windows. Scripted
 *       "Doing other things" motion counts as rest: firing on it is exactly the false positive a user
 *       hates.</li>
 *   <li><b>Detection delay</b>: detection time minus the gesture's end, for matched events (negative
 *       when a gesture fires before it ends).</li>
 * </ul>
 */
public final class StreamScore {

    /** A true segment of the scripted stream. */
    public record Segment(String label, long startNanos, long endNanos) {}

    /** A fired event, reduced to what scoring needs. */
    public record Detection(String label, long detectedNanos) {}

    /** The result. Delays are in milliseconds; NaN where there was nothing to measure. */
    public record Result(int trueGestures, int events, int matched, int editDistance,
                         double levenshteinAccuracy, double precision, double recall,
                         int falseActivations, double restMinutes, double falseActivationsPerMinute,
                         double delayP50Millis, double delayP95Millis, double[] delaysMillis) {}

    private StreamScore() {}

    public static Result score(List<Segment> truth, List<Detection> events, Set<String> backgroundLabels,
                               long toleranceNanos, long streamNanos) {
        List<Segment> gestures = new ArrayList<>();
        for (Segment s : truth) {
            if (!backgroundLabels.contains(s.label())) gestures.add(s);
        }
        gestures.sort((a, b) -> Long.compare(a.startNanos(), b.startNanos()));
        List<Detection> fired = new ArrayList<>(events);
        fired.sort((a, b) -> Long.compare(a.detectedNanos(), b.detectedNanos()));

        int distance = EditDistance.of(labels(gestures, Segment::label), labels(fired, Detection::label));
        double levAcc = gestures.isEmpty() ? (fired.isEmpty() ? 1.0 : 0.0)
                : 1.0 - (double) distance / gestures.size();

        boolean[] used = new boolean[gestures.size()];
        List<Double> delays = new ArrayList<>();
        int matched = 0;
        int falseActivations = 0;
        for (Detection d : fired) {
            int hit = -1;
            boolean insideAnyWindow = false;
            for (int i = 0; i < gestures.size(); i++) {
                Segment g = gestures.get(i);
                if (d.detectedNanos() >= g.startNanos() && d.detectedNanos() <= g.endNanos() + toleranceNanos) {
                    insideAnyWindow = true;
                    if (!used[i] && g.label().equals(d.label()) && hit < 0) hit = i;
                }
            }
            if (hit >= 0) {
                used[hit] = true;
                matched++;
                delays.add((d.detectedNanos() - gestures.get(hit).endNanos()) / 1e6);
            } else if (!insideAnyWindow) {
                falseActivations++;
            }
        }

        long gestureWindowNanos = unionLength(gestures, toleranceNanos, streamNanos);
        double restMinutes = Math.max(0, streamNanos - gestureWindowNanos) / 60e9;
        double[] delayArray = delays.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Result(gestures.size(), fired.size(), matched, distance, levAcc,
                fired.isEmpty() ? Double.NaN : (double) matched / fired.size(),
                gestures.isEmpty() ? Double.NaN : (double) matched / gestures.size(),
                falseActivations, restMinutes,
                restMinutes > 0 ? falseActivations / restMinutes : Double.NaN,
                percentile(delayArray, 50), percentile(delayArray, 95), delayArray);
    }

    /** Nearest-rank percentile of sorted values; NaN when empty. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) return Double.NaN;
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static long unionLength(List<Segment> sortedGestures, long tol, long streamNanos) {
        long total = 0;
        long curStart = Long.MIN_VALUE;
        long curEnd = Long.MIN_VALUE;
        for (Segment g : sortedGestures) {
            long s = Math.max(0, g.startNanos());
            long e = Math.min(streamNanos, g.endNanos() + tol);
            if (s > curEnd) {
                if (curEnd > curStart) total += curEnd - curStart;
                curStart = s;
                curEnd = e;
            } else {
                curEnd = Math.max(curEnd, e);
            }
        }
        if (curEnd > curStart) total += curEnd - curStart;
        return total;
    }

    private static <T> List<String> labels(Collection<T> items, java.util.function.Function<T, String> f) {
        List<String> out = new ArrayList<>(items.size());
        for (T t : items) out.add(f.apply(t));
        return out;
    }
}
