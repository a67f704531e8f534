// Keeps README.md and Quickstart.java in step: every line between a "// README: <title>" and an
// "// end README" comment in Quickstart.java must stand in README.md, in the same order, up to
// indentation. A README edit that the project does not follow (or the reverse) fails here.
def readme = new File(readmePath).readLines()*.trim()
def source = new File(basedir, 'src/main/java/com/example/quickstart/Quickstart.java').readLines()

def blocks = []
def current = null
source.each { line ->
  def t = line.trim()
  if (t.startsWith('// README:')) {
    current = [title: t.substring('// README:'.length()).trim(), lines: []]
  } else if (t == '// end README') {
    blocks << current
    current = null
  } else if (current != null && !t.isEmpty()) {
    current.lines << t
  }
}
if (blocks.size() < 5) {
  throw new IllegalStateException("Quickstart.java marks ${blocks.size()} README blocks; expected the five it runs")
}
blocks.each { block ->
  int from = 0
  block.lines.each { line ->
    int at = readme.subList(from, readme.size()).indexOf(line)
    if (at < 0) {
      throw new IllegalStateException("README.md and Quickstart.java disagree in \"${block.title}\": README.md has no line\n  ${line}\n(after line ${from}); change the one or the other")
    }
    from += at + 1
  }
}
println "README.md holds all ${blocks.sum { it.lines.size() }} lines of the ${blocks.size()} quickstart blocks Quickstart.java runs"
return true
