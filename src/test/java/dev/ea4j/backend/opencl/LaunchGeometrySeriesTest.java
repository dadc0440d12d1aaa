package dev.ea4j.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ea4j.backend.Device;
import org.junit.jupiter.api.Test;

/** The EA-series launch shapes LaunchGeometry picks per device type (no OpenCL device needed). */
class LaunchGeometrySeriesTest {

    static LaunchGeometry geometry(boolean gpu, int units) {
        Device d = new Device("opencl:0", "opencl", "test", 1L << 30, units, "");
        return new LaunchGeometry(new OpenClPlatforms.Entry(d, null, null, 1L << 30, 1024), gpu);
    }

    @Test
    void cpuUsesWidestVectorDividingD() {
        LaunchGeometry g = geometry(false, 2);
        assertEquals(16, g.seriesWidth(768));
        assertEquals(4, g.seriesWidth(60));
        assertEquals(2, g.seriesWidth(6));
        assertEquals(1, g.seriesWidth(7));
        assertEquals(1, g.seriesLocal());
    }

    @Test
    void cpuTakesOneChunkWhenChannelsFillTheCores() {
        LaunchGeometry g = geometry(false, 2);
        assertEquals(4096, g.seriesChunk(4096, 48));
        assertEquals(4096, g.seriesChunk(4096, 8));
        // 2 items for 8 wanted: 4 chunks
        assertEquals(1024, g.seriesChunk(4096, 2));
        assertEquals(1, g.seriesChunk(3, 1));
    }

    @Test
    void gpuKeepsScalarChannelsAndShortChunks() {
        LaunchGeometry g = geometry(true, 100);
        assertEquals(1, g.seriesWidth(768));
        assertEquals(64, g.seriesChunk(4096, 768));
        assertEquals(g.local(), g.seriesLocal());
    }
}
