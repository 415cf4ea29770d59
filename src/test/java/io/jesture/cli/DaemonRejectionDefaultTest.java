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
}
