package io.github.synthflowconnector;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The client's resolver in the base URL tests: writes down every name the client asks for and
 * answers only the names it was given, all with 127.0.0.1. HttpClient resolves before every
 * connection it opens, IP literals included (its connection operator calls the resolver whenever
 * the target has no pre-set address, and a target built from a URI never has one), so "nothing
 * asked" means "no connection attempted". Every other name fails, so even a broken policy could not
 * send anything off the machine.
 */
final class RecordingDns implements DnsResolver {

  private final Map<String, InetAddress> answers;
  private final List<String> asked = new CopyOnWriteArrayList<>();

  /** Answers {@code localhost}, {@code 127.0.0.1} and the given names with 127.0.0.1. */
  RecordingDns(String... loopbackNames) {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    Map<String, InetAddress> map = new HashMap<>();
    map.put("localhost", loopback);
    map.put("127.0.0.1", loopback);
    for (String name : loopbackNames) {
      map.put(name, loopback);
    }
    this.answers = Map.copyOf(map);
  }

  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    asked.add(host);
    InetAddress answer = answers.get(host);
    if (answer == null) {
      throw new UnknownHostException("not answered in this test");
    }
    return new InetAddress[] {answer};
  }

  @Override
  public String resolveCanonicalHostname(String host) throws UnknownHostException {
    asked.add(host);
    throw new UnknownHostException("not answered in this test");
  }

  /** Every name asked for since the last {@link #clear()}, in order. */
  List<String> asked() {
    return List.copyOf(asked);
  }

  void clear() {
    asked.clear();
  }
}
