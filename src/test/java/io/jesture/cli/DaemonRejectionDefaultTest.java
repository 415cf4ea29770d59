package io.jesture.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jesture.Rejection;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DaemonRejectionDefaultTest {

    @Test
    void withoutAnOptionsFileTheDaemonGatesAtTheStrictPoint() throws Exception {
        assertEquals(Rejection.Preset.STRICT, DaemonCommand.recognizerOptions(null).build().smoothing().rejection().preset());
    }

    @Test
    void anOptionsFileDecidesTheGateItself() throws Exception {
        // config/jesture.yaml keeps the library default, standard
        assertEquals(Rejection.Preset.STANDARD,
                DaemonCommand.recognizerOptions(Path.of("config/jesture.yaml")).build().smoothing().rejection().preset());
    }

    @Test
    void thePairsOptionsFileRunsBothModelsBehindItsOwnGate() throws Exception {
        var options = DaemonCommand.recognizerOptions(Path.of("config/daemon-pair.yaml")).build();
        // the pair it was calibrated on: the shipped model beside the flow network
        assertEquals(java.util.List.of(Path.of("models/jesture-r2plus1d.onnx"), Path.of("models/zoo/r2plus1d-small-w1-16f6-r5-flow.onnx")),
                options.models());
        Rejection gate = options.smoothing().rejection();
        assertEquals(Rejection.Preset.CUSTOM, gate.preset());
        assertEquals(0.05, gate.maxBackground(), 1e-9);
        assertEquals(3.95, gate.minLogSumExp(), 1e-9);
    }
}
