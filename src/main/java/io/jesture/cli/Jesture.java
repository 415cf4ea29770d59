package io.jesture.cli;

public final class Jesture {
    public static void main(String[] args) { System.out.println("jesture"); }
}
