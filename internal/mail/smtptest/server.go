// Package smtptest runs a small SMTP server on loopback for tests: it
// speaks enough of RFC 5321 for net/smtp (EHLO, MAIL, RCPT, DATA, RSET,
// NOOP, QUIT), keeps what it receives, and can refuse on request.
package smtptest

import (
	"net"
	"net/textproto"
	"strings"
	"sync"
)

// Received is one accepted message.
type Received struct {
	From, To string
	Data     string
}

// Server is a running test server.
type Server struct {
	Addr string
	ln   net.Listener

	mu       sync.Mutex
	received []Received
	// Refuse, when set, answers RCPT for the recipient with this line
	// (e.g. "451 4.3.0 try later" or "550 5.1.1 no such user").
	refuse func(to string) string
}

// Start listens on 127.0.0.1 on a free port.
func Start() (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Server{Addr: ln.Addr().String(), ln: ln}
	go s.serve()
	return s, nil
}

// Close stops the server.
func (s *Server) Close() error { return s.ln.Close() }

// SetRefuse sets the RCPT refusal rule (nil: accept all).
func (s *Server) SetRefuse(f func(to string) string) {
	s.mu.Lock()
	s.refuse = f
	s.mu.Unlock()
}

// Received returns what was accepted so far.
func (s *Server) Received() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.received...)
}

func (s *Server) serve() {
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		go s.session(c)
	}
}

func (s *Server) session(c net.Conn) {
	defer c.Close()
	tp := textproto.NewConn(c)
	tp.PrintfLine("220 smtptest ready")
	var cur Received
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb := strings.ToUpper(strings.SplitN(line, " ", 2)[0])
		switch verb {
		case "EHLO", "HELO":
			tp.PrintfLine("250-smtptest")
			tp.PrintfLine("250 8BITMIME")
		case "MAIL":
			cur = Received{From: arg(line)}
			tp.PrintfLine("250 2.1.0 ok")
		case "RCPT":
			to := arg(line)
			s.mu.Lock()
			refuse := s.refuse
			s.mu.Unlock()
			if refuse != nil {
				if answer := refuse(to); answer != "" {
					tp.PrintfLine("%s", answer)
					continue
				}
			}
			cur.To = to
			tp.PrintfLine("250 2.1.5 ok")
		case "DATA":
			tp.PrintfLine("354 go ahead")
			data, err := tp.ReadDotBytes()
			if err != nil {
				return
			}
			cur.Data = string(data)
			s.mu.Lock()
			s.received = append(s.received, cur)
			s.mu.Unlock()
			tp.PrintfLine("250 2.0.0 queued")
		case "RSET":
			cur = Received{}
			tp.PrintfLine("250 ok")
		case "NOOP":
			tp.PrintfLine("250 ok")
		case "QUIT":
			tp.PrintfLine("221 bye")
			return
		default:
			tp.PrintfLine("502 5.5.2 not implemented")
		}
	}
}

func arg(line string) string {
	if i := strings.Index(line, "<"); i >= 0 {
		if j := strings.Index(line[i:], ">"); j >= 0 {
			return line[i+1 : i+j]
		}
	}
	return ""
}
