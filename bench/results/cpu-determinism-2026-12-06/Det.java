package probe;
import dev.ea4j.backend.Backends;
import dev.ea4j.backend.Device;
import dev.ea4j.verify.*;
public class Det {
  public static void main(String[] a) {
    Device cpu = Backends.select(a.length > 1 ? a[1] : "cpu", true, System.err);
    int n = 0, bad = 0;
    for (int rep = 0; rep < Integer.parseInt(a[0]); rep++)
    for (Case c : Conformance.cases()) {
      CaseResult r = Conformance.runCase(c, cpu, cpu);
      n++;
      if (!(r.maxError() == 0)) { bad++; System.out.println("rep " + rep + " differs: " + c.name() + " " + r.maxError()); }
    }
    System.out.println(n + " case runs, " + bad + " not bit-identical run to run");
    System.exit(0);
  }
}
