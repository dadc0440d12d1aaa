package dev.ea4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class DevicesAndVerifyCommandTest {

    @Test
    void devicesListsEveryBackendAndMarksTheDefault() {
        CliTestSupport.Run r = CliTestSupport.run("devices");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("cpu:0") && r.out().contains("java:0"), r.out());
        assertEquals(1, r.out().lines().filter(l -> l.contains("(default)")).count(), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.strip().startsWith("* ")), r.out());
    }

    @Test
    void verifyOnAMissingDeviceInStrictModeExitsTwo() {
        CliTestSupport.Run r = CliTestSupport.run("verify", "--device", "nosuch:3", "--strict");
        assertEquals(2, r.code(), r.err());
        List<String> lines = r.errLines();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("ea4j: error: ") && lines.get(0).contains("nosuch:3"), lines.get(0));
    }

    @Test
    void tornadoWithoutTornadoVMIsSaidByDevicesAndIsOneLineExitTwoWhenStrict() {
        // the default test JVM runs without TornadoVM's flags (the tornado backend's own tests run in a JVM with them)
        Assumptions.assumeFalse(ModuleLayer.boot().findModule("tornado.runtime").isPresent(), "TornadoVM is loaded here");
        CliTestSupport.Run d = CliTestSupport.run("devices");
        assertTrue(d.out().contains("backend tornado (rank 40): no devices: TornadoVM is not on this JVM"), d.out());
        CliTestSupport.Run r = CliTestSupport.run("verify", "--device", "tornado", "--strict");
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.errLines().get(0).contains("install-tornadovm.sh"), r.err());
    }

    @Test
    void unknownSubcommandOrOptionExitsTwoWithOneLine() {
        for (String[] args : new String[][] {{"frobnicate"}, {"verify", "--nope"}, {"devices", "extra"}}) {
            CliTestSupport.Run r = CliTestSupport.run(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.errLines().size(), r.err());
            assertTrue(r.errLines().get(0).startsWith("ea4j: error: "), r.err());
        }
    }
}
