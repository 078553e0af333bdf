package io.chatcqrs.platform.http;

import io.chatcqrs.platform.config.ServiceConfig;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which peers may tell this server the client's address, and the client address that follows.
 *
 * <p>Behind a reverse proxy every request comes from the proxy's address, so limits per client IP
 * would put every user into one bucket. A peer listed in {@value #KEY} (comma-separated IPs and
 * CIDR ranges, IPv4 or IPv6; empty by default: no one is trusted) is a proxy: its {@code
 * X-Forwarded-For} (or, without one, the {@code for=} elements of a simple RFC 7239 {@code
 * Forwarded}) is read from the right, skipping trusted proxies, and the first address that is not
 * one of them is the client. Promises: a request from a peer that is not trusted is always keyed by
 * the peer's own address, whatever headers it sends; an entry that is not an IP address ends the
 * walk at the last address vouched for; when every hop is trusted, the left-most one is the client.
 * Addresses come back in canonical form ({@link InetAddress#getHostAddress()}). Never resolves a
 * name. Immutable and thread-safe.
 */
public final class TrustedProxies {
  /** The setting listing the trusted proxies. */
  public static final String KEY = "http.trusted-proxies";

  /** Returned when a request has no peer address. */
  public static final String UNKNOWN = "unknown";

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
  private static final TrustedProxies NONE = new TrustedProxies(List.of());

  private final List<Range> ranges;

  private TrustedProxies(List<Range> ranges) {
    this.ranges = List.copyOf(ranges);
  }

  /** Trusts no one: the peer's address is the client's. */
  public static TrustedProxies none() {
    return NONE;
  }

  /**
   * Trusts the given IPs and CIDR ranges ({@code 10.0.0.0/8}, {@code 127.0.0.1}, {@code ::1}).
   *
   * @throws IllegalArgumentException for an entry that is neither
   */
  public static TrustedProxies of(List<String> entries) {
    List<Range> ranges = new ArrayList<>();
    for (String entry : entries) {
      ranges.add(Range.parse(entry.trim()));
    }
    return ranges.isEmpty() ? NONE : new TrustedProxies(ranges);
  }

  /**
   * The proxies in {@value #KEY}.
   *
   * @throws IllegalArgumentException for an entry that is not an IP or CIDR range
   */
  public static TrustedProxies fromConfig(ServiceConfig config) {
    try {
      return of(config.list(KEY));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("setting " + KEY + ": " + e.getMessage(), e);
    }
  }

  /** Whether any proxy is trusted at all. */
  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  /** Whether {@code address} (an IP literal) is a trusted proxy; false for anything else. */
  public boolean trusts(String address) {
    InetAddress parsed = parse(address);
    return parsed != null && trusts(parsed);
  }

  private boolean trusts(InetAddress address) {
    for (Range range : ranges) {
      if (range.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /** The client address of {@code request}, as described on the type. */
  public String clientAddress(HttpServerRequest request) {
    List<String> chain = forwardedChain(request);
    return chain.isEmpty() ? UNKNOWN : chain.get(0);
  }

  /**
   * What a proxy should pass on as {@code X-Forwarded-For}: the hops its trusted peer vouched for
   * (from the first one a walk from the right accepts as the client) followed by the peer itself;
   * only the peer when the peer is not trusted. The first entry is {@link #clientAddress}. Empty
   * when the request has no peer address.
   */
  public List<String> forwardedChain(HttpServerRequest request) {
    SocketAddress remote = request.remoteAddress();
    String peer = remote == null ? null : remote.hostAddress();
    return forwardedChain(
        peer, request.headers().getAll("X-Forwarded-For"), request.headers().getAll("Forwarded"));
  }

  /** As {@link #forwardedChain(HttpServerRequest)} from the peer and the raw header values. */
  public List<String> forwardedChain(
      String peer, List<String> forwardedFor, List<String> forwarded) {
    InetAddress peerAddress = parse(peer);
    if (peerAddress == null) {
      return peer == null || peer.isBlank() ? List.of() : List.of(peer);
    }
    List<String> chain = new ArrayList<>();
    chain.add(peerAddress.getHostAddress());
    if (!trusts(peerAddress)) {
      return chain;
    }
    List<String> hops =
        forwardedFor.isEmpty() ? forwardedHops(forwarded) : forwardedForHops(forwardedFor);
    for (int i = hops.size() - 1; i >= 0; i--) {
      InetAddress hop = parse(hops.get(i));
      if (hop == null) {
        break;
      }
      chain.add(hop.getHostAddress());
      if (!trusts(hop)) {
        break;
      }
    }
    Collections.reverse(chain);
    return List.copyOf(chain);
  }

  private static List<String> forwardedForHops(List<String> values) {
    List<String> hops = new ArrayList<>();
    for (String value : values) {
      for (String hop : value.split(",")) {
        hops.add(withoutPort(hop.trim()));
      }
    }
    return hops;
  }

  /** The {@code for=} of each element of RFC 7239 {@code Forwarded}; "" where there is none. */
  private static List<String> forwardedHops(List<String> values) {
    List<String> hops = new ArrayList<>();
    for (String value : values) {
      for (String element : value.split(",")) {
        String found = "";
        for (String pair : element.split(";")) {
          int eq = pair.indexOf('=');
          if (eq > 0 && pair.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("for")) {
            String node = pair.substring(eq + 1).trim();
            if (node.length() >= 2 && node.startsWith("\"") && node.endsWith("\"")) {
              node = node.substring(1, node.length() - 1);
            }
            found = withoutPort(node);
          }
        }
        hops.add(found);
      }
    }
    return hops;
  }

  /** {@code [v6]:port} and {@code v4:port} to the bare address; anything else unchanged. */
  private static String withoutPort(String node) {
    if (node.startsWith("[")) {
      int close = node.indexOf(']');
      return close > 0 ? node.substring(1, close) : node;
    }
    int colon = node.indexOf(':');
    if (colon > 0 && colon == node.lastIndexOf(':')) {
      return node.substring(0, colon);
    }
    return node;
  }

  /** An IP literal (IPv4-mapped IPv6 becomes IPv4), or null; never a DNS lookup. */
  static InetAddress parse(String text) {
    if (text == null) {
      return null;
    }
    String literal = text.trim();
    if (literal.startsWith("[") && literal.endsWith("]")) {
      literal = literal.substring(1, literal.length() - 1);
    }
    try {
      if (IPV4.matcher(literal).matches()) {
        byte[] bytes = new byte[4];
        String[] octets = literal.split("\\.");
        for (int i = 0; i < 4; i++) {
          int octet = Integer.parseInt(octets[i]);
          if (octet > 255) {
            return null;
          }
          bytes[i] = (byte) octet;
        }
        return InetAddress.getByAddress(bytes);
      }
      if (literal.indexOf(':') >= 0 && IPV6.matcher(literal).matches()) {
        // brackets make the JDK parse an IPv6 literal or fail, never look a name up
        return InetAddress.getByName("[" + literal + "]");
      }
    } catch (UnknownHostException | NumberFormatException e) {
      return null;
    }
    return null;
  }

  /** An address range: an address and how many leading bits must match. */
  private record Range(byte[] network, int prefix) {
    static Range parse(String entry) {
      int slash = entry.indexOf('/');
      InetAddress address = TrustedProxies.parse(slash < 0 ? entry : entry.substring(0, slash));
      if (address == null) {
        throw new IllegalArgumentException("not an IP address or CIDR range: " + entry);
      }
      int bits = address.getAddress().length * 8;
      int prefix = bits;
      if (slash >= 0) {
        try {
          prefix = Integer.parseInt(entry.substring(slash + 1).trim());
        } catch (NumberFormatException e) {
          prefix = -1;
        }
        if (address instanceof Inet4Address && entry.indexOf(':') >= 0) {
          prefix -= 96; // written as an IPv4-mapped IPv6 range
        }
        if (prefix < 0 || prefix > bits) {
          throw new IllegalArgumentException("bad prefix length in " + entry);
        }
      }
      return new Range(address.getAddress(), prefix);
    }

    boolean contains(InetAddress address) {
      byte[] bytes = address.getAddress();
      if (bytes.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (bytes[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xFF << (8 - rest)) & 0xFF;
      return (bytes[full] & mask) == (network[full] & mask);
    }
  }
}
