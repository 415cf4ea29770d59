package io.jesture.synth;

import io.jesture.internal.source.SourceFactory;
import io.jesture.internal.source.SourceRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SyntheticSourceFactoryTest {
    /** The factory's keys (help, docs check) are the ones SyntheticSource.parse accepts, in its order. */
    @Test
    void theFactoryDescribesEveryKeyTheSpecTakes() {
        SourceFactory f = SourceRegistry.global().find("synthetic");
        assertEquals(SyntheticSourceFactory.class, f.getClass());
        List<String> keys = f.parameters().stream().map(SourceFactory.Parameter::key).toList();
        assertEquals(SyntheticSource.KEYS, keys);
    }
}
