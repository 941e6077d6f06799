// The lecture's Node.js server, made correct as a line protocol (the slide's version uppercases
// whatever chunk arrives and appends "\n" to it, so split or merged lines come back wrong):
// buffer partial lines, answer every complete line, one write per chunk.
// Built for the comparison in scripts/bench-echo.sh only.
const net = require('net');
const port = Number(process.argv[2] || 18091);

net.createServer((socket) => {
  socket.setNoDelay(true);
  let pending = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop();
    if (lines.length > 0) {
      socket.write(lines.map((l) => l.replace(/\r$/, '').toUpperCase()).join('\n') + '\n');
    }
  });
  socket.on('error', () => socket.destroy());
}).listen(port, '127.0.0.1');
