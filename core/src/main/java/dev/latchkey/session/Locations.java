package dev.latchkey.session;

final class Locations {
  static String describe(IpLocator l, String ip) {
    return "Unknown location";
  }
}
