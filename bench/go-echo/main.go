// The yardstick for echo-service: an idiomatic Go version of the lecture's server,
// goroutine per connection, buffered reader and writer, flushing when no more input is
// buffered (so pipelined lines share one write). Built and run only by scripts/bench-echo.sh.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"log"
	"net"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:18091", "listen address")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	for {
		conn, err := ln.Accept()
		if err != nil {
			continue
		}
		go serve(conn)
	}
}

func serve(conn net.Conn) {
	defer conn.Close()
	r := bufio.NewReader(conn)
	w := bufio.NewWriter(conn)
	for {
		line, err := r.ReadSlice('\n')
		if err != nil {
			return
		}
		w.Write(bytes.ToUpper(line))
		if r.Buffered() == 0 {
			if w.Flush() != nil {
				return
			}
		}
	}
}
